package dev.passk.cli;

import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.cli.demo.DemoRuns;
import dev.passk.cli.demo.DemoPlan;
import dev.passk.cli.pipeline.LocalPipeline;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./passk demo}: starts the embedded Kafka broker (or uses {@code --bootstrap}) and the
 * services as separate JVMs, trains the warm-started tiny policy on the interference benchmark
 * under pass@1, pass@k and conflict-aware objectives one run after another, prints live lines, a
 * summary table and the path of the HTML report. Ctrl-C stops every JVM it started.
 */
public final class DemoCommand implements Command {

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "train on the interference benchmark under pass@1, pass@k and conflict-aware objectives over "
        + "Kafka; live lines, summary table, HTML report [--quick] [--objective " + String.join("|", DemoPlan.ALL)
        + "] [--steps N] [--bootstrap HOST:PORT]";
  }

  @Override
  public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception {
    CommandLineOptions options = new CommandLineOptions(args, Set.of("objective", "steps", "bootstrap"),
        Set.of("quick"));
    DemoPlan plan = options.has("quick") ? DemoPlan.quick() : DemoPlan.standard();
    if (options.has("objective")) {
      String objective = options.get("objective", "");
      if (!DemoPlan.ALL.contains(objective)) {
        throw new UsageException("--objective must be one of " + DemoPlan.ALL + ", got '" + objective + "'");
      }
      plan = plan.only(objective);
    }
    if (options.has("steps")) {
      int steps = options.getInt("steps", plan.steps());
      if (steps < 1) {
        throw new UsageException("--steps must be at least 1, got " + steps);
      }
      plan = plan.withSteps(steps);
    }
    long t0 = System.nanoTime();
    LocalPipeline.Options pipelineOptions = new LocalPipeline.Options(PasskHome.root(), PasskHome.workDir(),
        Optional.ofNullable(options.get("bootstrap", null)), PasskHome.workDir().resolve("djl-cache"), Map.of());
    out.printf("passk demo: %d run(s) of %d steps on task '%s' (B=%d prompts x n=%d samples, k=%d): %s%n",
        plan.objectives().size(), plan.steps(), DemoPlan.TASK, plan.batchPrompts(), DemoPlan.SAMPLES,
        DemoPlan.K, plan.objectives());
    try (LocalPipeline pipeline = LocalPipeline.start(pipelineOptions, out)) {
      int dashboardPort = EmbeddedKafkaBroker.freePort();
      DemoRuns runs = new DemoRuns(pipeline, plan, PasskHome.workDir(), dashboardPort, out);
      boolean complete = runs.runAll();
      out.printf("%nwall time %.1f s; service logs in %s%n", (System.nanoTime() - t0) / 1e9,
          PasskHome.workDir().resolve("logs"));
      return complete ? 0 : 1;
    }
  }
}
