package dev.passk.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code ./passk bench} writes: the machine, versions, settings, every row, and the paragraphs
 * (markdown) that sections write under the table.
 */
public record BenchReport(String createdAt, Map<String, String> machine, BenchSettings settings,
    List<BenchRow> rows, List<String> paragraphs) {

  public static BenchReport of(BenchSettings settings, List<BenchRow> rows, List<String> paragraphs,
      Instant now) {
    Map<String, String> machine = new TreeMap<>();
    machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    machine.put("cpu", cpuModel());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
    machine.put("djl", ai.djl.engine.Engine.getDjlVersion());
    machine.put("pytorchEngine", ai.djl.engine.Engine.getEngine("PyTorch").getVersion());
    return new BenchReport(now.toString(), machine, settings, rows, paragraphs);
  }

  /** The markdown table (one line per row, ratios with their meaning and target), then the paragraphs. */
  public String markdown() {
    StringBuilder md = new StringBuilder("# passk bench\n\n");
    md.append(String.format("%s; %s cores (%s); %s; DJL %s with PyTorch %s; %d round(s)%s%n%n", createdAt,
        machine.get("cores"), machine.get("cpu"), machine.get("java"), machine.get("djl"),
        machine.get("pytorchEngine"), settings.rounds(), settings.quick() ? ", quick" : ""));
    md.append("| section | metric | ours | peer | ratio | meaning | target |\n");
    md.append("|---|---|---:|---:|---:|---|---|\n");
    for (BenchRow r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s | %s | %s | %s |%n", r.section(), r.metric(),
          number(r.value()), r.unit(), Double.isNaN(r.peer()) ? "" : number(r.peer()) + " " + r.unit(),
          Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()), r.ratioMeaning(),
          r.target()));
    }
    for (String paragraph : paragraphs) {
      md.append('\n').append(paragraph);
    }
    return md.toString();
  }

  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) { // counts (replicas, cores, bytes) print as integers
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
