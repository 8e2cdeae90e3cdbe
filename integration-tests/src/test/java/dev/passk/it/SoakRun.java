package dev.passk.it;

import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.LocalPipeline;
import dev.passk.cli.pipeline.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Soak: the pipeline runs one long learner run for a fixed time while the resident memory of each
 * service JVM is sampled at a fixed interval (10 s here, 5 s in the bounded {@link SoakIT}); fails (exit 1) if a service's memory grows between the end of
 * the warm-up and the end by more than the thresholds (a DJL NDArray leak grows native memory with
 * every batch sampled or trained).
 *
 * <p>Per service and sample: RSS ({@code VmRSS} of {@code /proc/<pid>/status}) and native memory,
 * RSS less what the JVM has committed (heap and non-heap, {@code jvm_memory_committed_bytes} of
 * {@code /q/metrics}): libtorch's tensors, thread stacks, malloc arenas. Committed heap counts in
 * RSS only once touched, so the service JVMs run with {@code -XX:+AlwaysPreTouch}
 * ({@link LocalPipeline.Options#serviceJvmOptions()}): otherwise a heap filling its committed
 * pages would look like native growth. The JVM's own memory may grow up to its limits
 * ({@code -Xmx512m}) and is judged by RSS with a wider threshold. A service whose growth passes
 * twice its limit ends the soak early (a leak would otherwise take the machine's memory).
 *
 * <p>{@code verify} runs a bounded soak ({@link SoakIT}, 2 minutes); this long one (10 minutes by
 * default) only by its own command:
 * <pre>
 * ./mvnw -q -o -pl integration-tests test-compile \
 *   org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath -Dpassk.home=$PWD dev.passk.it.SoakRun --minutes 10"
 * </pre>
 * Options: {@code --minutes M} (default 10), {@code --warmup-minutes W} (default 2),
 * {@code --interval-seconds S} (default 10), {@code --native-growth-mib N} (default 64),
 * {@code --rss-growth-mib R} (default 192).
 * {@code PASSK_RUN_*} variables in its environment override the learner's run settings (say
 * {@code PASSK_RUN_DIAGNOSTICS=false}). Exit code 0: memory flat; 1: a service grew past a limit.
 */
public final class SoakRun {

  private static final List<String> SERVICES = List.of("sampler-service", "verifier-service", "learner-service");
  private static final long MIB = 1 << 20;
  /** Growth limits from the end of the warm-up to the last sample, by default and in {@link SoakIT}. */
  static final long NATIVE_GROWTH_LIMIT = 64 * MIB;
  static final long RSS_GROWTH_LIMIT = 192 * MIB;

  /** One reading of one service: resident memory and the part the JVM did not commit itself, in bytes. */
  record Reading(long rss, long nativeBytes) {}

  /**
   * What was measured: the readings per service and the learner's step (-1: not known) at each
   * sample, in time order, and whether memory stayed flat.
   */
  record Result(Map<String, List<Reading>> readings, List<Long> learnerSteps, int warmupSamples,
      List<String> failures) {
    boolean flat() {
      return failures.isEmpty();
    }

    /** Learner steps done between the first judged sample (the end of the warm-up) and the last. */
    long stepsJudged() {
      return learnerSteps.size() > warmupSamples
          ? learnerSteps.get(learnerSteps.size() - 1) - learnerSteps.get(warmupSamples) : 0;
    }
  }

  private SoakRun() {}

  public static void main(String[] args) throws Exception {
    Map<String, Double> options = options(args);
    Duration length = Duration.ofSeconds(Math.round(options.get("--minutes") * 60));
    Duration warmup = Duration.ofSeconds(Math.round(options.get("--warmup-minutes") * 60));
    Duration interval = Duration.ofSeconds(Math.round(options.get("--interval-seconds")));
    Result result = run(length, warmup, interval, Math.round(options.get("--native-growth-mib") * MIB),
        Math.round(options.get("--rss-growth-mib") * MIB), new PrintStream(System.out, true));
    System.exit(result.flat() ? 0 : 1);
  }

  private static Map<String, Double> options(String[] args) {
    Map<String, Double> options = new LinkedHashMap<>(Map.of("--minutes", 10.0, "--warmup-minutes", 2.0,
        "--interval-seconds", 10.0, "--native-growth-mib", (double) NATIVE_GROWTH_LIMIT / MIB,
        "--rss-growth-mib", (double) RSS_GROWTH_LIMIT / MIB));
    for (int i = 0; i < args.length; i += 2) {
      if (!options.containsKey(args[i]) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value at '" + args[i] + "'; options: "
            + options.keySet() + " each followed by a number");
      }
      options.put(args[i], Double.parseDouble(args[i + 1]));
    }
    if (options.get("--warmup-minutes") >= options.get("--minutes")) {
      throw new IllegalArgumentException("--warmup-minutes must be less than --minutes");
    }
    if (options.get("--interval-seconds") < 1) {
      throw new IllegalArgumentException("--interval-seconds must be at least 1");
    }
    return options;
  }

  /**
   * Runs the pipeline for {@code length}, prints one table row per sample (every {@code interval})
   * and a verdict; memory is judged from the first sample after {@code warmup} to the last.
   */
  static Result run(Duration length, Duration warmup, Duration interval, long nativeGrowthLimit,
      long rssGrowthLimit, PrintStream out) throws IOException, InterruptedException {
    String runId = "soak-" + System.nanoTime();
    Path workDir = PasskHome.root().resolve("integration-tests/target/soak").resolve(runId);
    Map<String, String> runEnv = new LinkedHashMap<>(Map.ofEntries(
        Map.entry("PASSK_RUN_TASK", "addition"),
        // More steps than the soak can do: the learner trains the whole time.
        Map.entry("PASSK_RUN_STEPS", "100000"), Map.entry("PASSK_RUN_BATCH_PROMPTS", "4"),
        Map.entry("PASSK_RUN_SAMPLES", "4"), Map.entry("PASSK_RUN_K", "2"),
        Map.entry("PASSK_RUN_CHECKPOINT_INTERVAL", "10"), Map.entry("PASSK_RUN_MAX_STALENESS", "1000")));
    // PASSK_RUN_* in the soak's own environment override these (to find which part of a step leaks).
    System.getenv().forEach((name, value) -> {
      if (name.startsWith("PASSK_RUN_")) {
        runEnv.put(name, value);
      }
    });
    runEnv.put("PASSK_RUN_ID", runId);
    runEnv.put("PASSK_RUN_STATE_DIR", workDir.resolve("learner-state").toString());
    out.println("soak: learner run settings " + runEnv);
    LocalPipeline.Options options = new LocalPipeline.Options(PasskHome.root(), workDir, Optional.empty(),
        PasskHome.root().resolve("target/djl-cache"), Map.copyOf(runEnv))
        .withServiceJvmOptions(List.of("-XX:+AlwaysPreTouch"));
    int warmupSamples = (int) (warmup.toNanos() / interval.toNanos());
    List<Long> learnerSteps = new ArrayList<>();
    Map<String, List<Reading>> readings = new LinkedHashMap<>();
    SERVICES.forEach(s -> readings.put(s, new ArrayList<>()));
    try (LocalPipeline pipeline = LocalPipeline.start(options, out)) {
      out.printf("soak: %d s, sampled every %d s, judged after %d s of warm-up%n", length.toSeconds(),
          interval.toSeconds(), warmup.toSeconds());
      out.printf("%6s %8s", "t (s)", "step");
      SERVICES.forEach(s -> out.printf(" %26s", s + " rss/native MiB"));
      out.println();
      long t0 = System.nanoTime();
      long next = t0;
      while (System.nanoTime() - t0 <= length.toNanos()) {
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        next += interval.toNanos();
        long step = pipeline.service("learner-service").isAlive()
            ? LedgerAudit.ledger(pipeline.service("learner-service")).map(l -> l.get("step").asLong()).orElse(-1L) : -1;
        learnerSteps.add(step);
        out.printf("%6.0f %8s", (System.nanoTime() - t0) / 1e9, step < 0 ? "-" : Long.toString(step));
        for (String name : SERVICES) {
          ServiceProcess service = pipeline.service(name);
          if (!service.isAlive()) {
            throw new IllegalStateException(name + " exited during the soak with code " + service.exitCode()
                + "; see " + service.log());
          }
          Reading reading = read(service);
          readings.get(name).add(reading);
          out.printf(" %26s", String.format("%d / %d", reading.rss() / MIB, reading.nativeBytes() / MIB));
        }
        out.println();
        if (!growth(readings, warmupSamples, 2 * nativeGrowthLimit, 2 * rssGrowthLimit).isEmpty()) {
          out.println("soak: a service grew past twice its limit; ending early");
          break;
        }
      }
    }
    readings.forEach((name, series) -> {
      Reading first = series.get(Math.min(warmupSamples, series.size() - 1));
      Reading last = series.get(series.size() - 1);
      out.printf("%-16s RSS %+d MiB (limit %d), native %+d MiB (limit %d) from %d s to the end%n", name,
          (last.rss() - first.rss()) / MIB, rssGrowthLimit / MIB, (last.nativeBytes() - first.nativeBytes()) / MIB,
          nativeGrowthLimit / MIB, Math.min(warmupSamples, series.size() - 1) * interval.toSeconds());
    });
    Result result = new Result(readings, learnerSteps, warmupSamples,
        growth(readings, warmupSamples, nativeGrowthLimit, rssGrowthLimit));
    out.printf("soak: %d learner steps judged; %s%n", result.stepsJudged(),
        result.flat() ? "memory flat" : "FAILED, " + String.join("; ", result.failures()));
    return result;
  }

  /** The services whose memory grew past a limit from the end of the warm-up to the last sample (none before). */
  private static List<String> growth(Map<String, List<Reading>> readings, int warmupSamples, long nativeLimit,
      long rssLimit) {
    List<String> grown = new ArrayList<>();
    readings.forEach((name, series) -> {
      if (series.size() > warmupSamples) {
        Reading first = series.get(warmupSamples);
        Reading last = series.get(series.size() - 1);
        long rssGrowth = last.rss() - first.rss();
        long nativeGrowth = last.nativeBytes() - first.nativeBytes();
        if (rssGrowth > rssLimit || nativeGrowth > nativeLimit) {
          grown.add(name + " grew: RSS " + rssGrowth / MIB + " MiB, native " + nativeGrowth / MIB + " MiB");
        }
      }
    });
    return grown;
  }

  /** RSS of the service's JVM and RSS less the JVM's committed memory. */
  private static Reading read(ServiceProcess service) throws IOException, InterruptedException {
    long rss = vmRssBytes(service.pid());
    return new Reading(rss, rss - jvmCommittedBytes(service));
  }

  static long vmRssBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024; // "VmRSS:   123456 kB"
      }
    }
    throw new IOException("/proc/" + pid + "/status has no VmRSS line");
  }

  /** The sum of {@code jvm_memory_committed_bytes} (heap and non-heap pools) on the service's {@code /q/metrics}. */
  static long jvmCommittedBytes(ServiceProcess service) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
        .timeout(Duration.ofSeconds(10)).build();
    String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    double committed = body.lines().filter(l -> l.startsWith("jvm_memory_committed_bytes{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    if (committed == 0) {
      throw new IOException(service.name() + " reports no jvm_memory_committed_bytes on " + service.baseUrl() + "/q/metrics");
    }
    return Math.round(committed);
  }
}
