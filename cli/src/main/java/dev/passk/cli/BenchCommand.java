package dev.passk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.passk.cli.bench.BenchReport;
import dev.passk.cli.bench.BenchRow;
import dev.passk.cli.bench.BenchSection;
import dev.passk.cli.bench.BenchSettings;
import dev.passk.cli.bench.DiagnosticsSection;
import dev.passk.cli.bench.PipelineSection;
import dev.passk.cli.bench.PolicySpeedSection;
import dev.passk.cli.bench.ScalingSection;
import dev.passk.cli.bench.VerifierSection;
import dev.passk.cli.bench.WireSection;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code ./passk bench [--quick] [--rounds N] [--only a,b] [--out DIR]}: runs the benchmark sections
 * and writes a markdown table plus JSON (machine, versions, settings, medians, side-by-side ratios).
 */
public final class BenchCommand implements Command {

  /** Every section, in the order they run. */
  static List<BenchSection> sections() {
    return List.of(new PolicySpeedSection(), new VerifierSection(), new WireSection(), new DiagnosticsSection(),
        new PipelineSection(), new ScalingSection());
  }

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "measure policy speed vs PyTorch, verifiers, the wire, diagnostics overhead, Kafka pipeline vs "
        + "in-process, replicas a learner keeps busy; writes markdown + JSON "
        + "[--quick] [--rounds N] [--only " + String.join(",", sections().stream().map(BenchCommand::key).toList())
        + "] [--out DIR]";
  }

  @Override
  public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception {
    CommandLineOptions options = new CommandLineOptions(args, Set.of("rounds", "only", "out"), Set.of("quick"));
    boolean quick = options.has("quick");
    int rounds = options.getInt("rounds", quick ? 1 : 3);
    if (rounds < 1) {
      throw new UsageException("--rounds must be at least 1, got " + rounds);
    }
    List<BenchSection> chosen = choose(options.get("only", ""));
    Path outDir = Path.of(options.get("out", PasskHome.workDir().resolve("bench").toString()));
    BenchSettings settings = new BenchSettings(rounds, quick, PasskHome.root(), PasskHome.workDir());
    List<BenchRow> rows = new ArrayList<>();
    List<String> paragraphs = new ArrayList<>();
    for (BenchSection section : chosen) {
      err.printf("bench: %s (%d round%s)...%n", section.name(), rounds, rounds == 1 ? "" : "s");
      long start = System.nanoTime();
      rows.addAll(section.run(settings, err));
      if (!section.paragraph().isEmpty()) {
        paragraphs.add(section.paragraph());
      }
      err.printf("bench: %s done in %.0f s%n", section.name(), (System.nanoTime() - start) / 1e9);
    }
    BenchReport report = BenchReport.of(settings, rows, paragraphs, Instant.now());
    Files.createDirectories(outDir);
    Path markdown = outDir.resolve("bench.md");
    Path json = outDir.resolve("bench.json");
    Files.writeString(markdown, report.markdown());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
    out.print(report.markdown());
    out.printf("%nwritten: %s and %s%n", markdown, json);
    return 0;
  }

  private static List<BenchSection> choose(String only) {
    if (only.isBlank()) {
      return sections();
    }
    List<String> wanted = Arrays.stream(only.split(",")).map(String::trim).toList();
    List<BenchSection> chosen = sections().stream().filter(s -> wanted.contains(key(s))).toList();
    if (chosen.size() != wanted.size()) {
      throw new UsageException("--only takes section keys " + sections().stream().map(BenchCommand::key).toList()
          + ", got " + wanted);
    }
    return chosen;
  }

  /** A section's key on the command line: the first word of its name, lower case. */
  static String key(BenchSection section) {
    return section.name().split(" ")[0].toLowerCase();
  }
}
