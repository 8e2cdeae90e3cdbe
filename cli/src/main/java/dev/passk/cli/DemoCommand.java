package dev.passk.cli;

import dev.passk.cli.pipeline.LocalPipeline;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./passk demo}: starts the embedded broker and the three services as separate JVMs, runs
 * prompts of a task through sampler, verifier and learner, prints what came back, stops everything.
 */
public final class DemoCommand implements Command {

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "run prompts through broker + sampler + verifier + learner on this machine "
        + "[--quick] [--prompts N] [--task NAME] [--bootstrap HOST:PORT]";
  }

  @Override
  public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception {
    CommandLineOptions options = new CommandLineOptions(args, Set.of("prompts", "task", "bootstrap", "samples"),
        Set.of("quick"));
    int prompts = options.getInt("prompts", options.has("quick") ? 1 : 4);
    int samples = options.getInt("samples", 4);
    String runId = "demo-" + System.currentTimeMillis();
    LocalPipeline.Options pipelineOptions = new LocalPipeline.Options(PasskHome.root(), PasskHome.workDir(),
        Optional.ofNullable(options.get("bootstrap", null)), PasskHome.workDir().resolve("djl-cache"),
        Map.of("PASSK_RUN_ID", runId, "PASSK_RUN_PROMPTS", Integer.toString(prompts),
            "PASSK_RUN_SAMPLES", Integer.toString(samples), "PASSK_RUN_TASK", options.get("task", "addition")));
    long t0 = System.nanoTime();
    try (LocalPipeline pipeline = LocalPipeline.start(pipelineOptions, out)) {
      out.printf("run %s: %d prompt(s), n = %d, waiting for scored groups...%n", runId, prompts, samples);
      List<LearnerMetrics> groups = TopicProbe.await(pipeline.bootstrapServers(), Topic.METRICS.topicName(),
          (LearnerMetrics m) -> m.getRunId().equals(runId), prompts, Duration.ofMinutes(5));
      printSummary(out, groups, prompts);
      out.printf("logs: %s; wall time %.1f s%n", PasskHome.workDir().resolve("logs"), (System.nanoTime() - t0) / 1e9);
      return groups.size() == prompts ? 0 : 1;
    }
  }

  private static void printSummary(PrintStream out, List<LearnerMetrics> groups, int expected) {
    out.println();
    out.printf("%-6s %-10s %-10s %-10s %-8s%n", "group", "policy", "p_hat", "pass@1", "pass@k");
    for (LearnerMetrics m : groups) {
      out.printf("%-6d v%-9d %-10.3f %-10.3f %-8.3f (k=%d)%n", m.getStep(), m.getPolicyVersion(),
          m.getSuccessRates().get(0), m.getBatchPass1(), m.getBatchPassK(), m.getK());
    }
    out.printf("%d of %d prompt groups came back through sampler -> verifier -> learner%n", groups.size(), expected);
  }
}
