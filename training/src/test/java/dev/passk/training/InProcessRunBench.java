package dev.passk.training;

import ai.djl.Device;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.policy.TrainerSettings;
import dev.passk.tasks.Task;
import dev.passk.tasks.TaskCatalog;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The four objectives on the interference benchmark from one warm-started tiny policy (not a test):
 * prints eval pass@1 and pass@8 before and after, the share of steps with estimated
 * &lt;g_8, g_1&gt; &lt; 0, the mean k used and the predicted-vs-measured sign agreement. Run with
 * {@code java -cp <test classpath> dev.passk.training.InProcessRunBench [key=value]...}, keys:
 * objectives, estimator, k, lr, steps, prompts, samples, temperature, warm, evalPrompts,
 * evalSamples, evalInterval, seed, cache, task, verbose.
 */
public final class InProcessRunBench {

  private InProcessRunBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new java.util.HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      o.put(kv[0], kv[1]);
    }
    BenchSettings b = BenchSettings.from(o);
    Task task = TaskCatalog.create(b.task());
    Path warm = WarmStartedPolicy.obtain(Path.of(o.getOrDefault("cache", "target/warm-cache")),
        task, b.warm(), b.seed(), Device.cpu());
    System.out.println("settings " + b);
    try (VerifierCatalog verifiers = verifiers()) {
      HeldOutEvaluation evaluation = new HeldOutEvaluation(task, b.evalPrompts(), b.evalSamples(),
          List.of(1, b.k()), new SamplingSettings(b.temperature(), 1, 4), verifiers, b.seed());
      for (String objective : o.getOrDefault("objectives", "pass1,passk,adaptive-k,projection")
          .split(",")) {
        long start = System.nanoTime();
        try (Policy policy = Policy.load(warm, Device.cpu())) {
          InProcessRun.Result result = InProcessRun.run(policy, task, b.run(objective), evaluation,
              verifiers, o.containsKey("verbose") ? System.out::println : line -> { });
          System.out.println(String.format(Locale.ROOT,
              "%-11s pass@1 %.3f -> %.3f  pass@%d %.3f -> %.3f  conflict steps %.0f%%  mean k %.2f"
                  + "  sign agreement %.2f  (%.0f s)",
              objective, result.first().pass1(), result.last().pass1(), b.k(),
              result.first().passAt(b.k()), result.last().passAt(b.k()),
              100 * result.conflictShare(), result.meanK(), result.predictionSignAgreement(),
              (System.nanoTime() - start) / 1e9));
        }
      }
    }
  }

  static VerifierCatalog verifiers() {
    return new VerifierCatalog(VerifierRegistry.load(), Map.of(),
        BoundedVerifier.Limits.of(Duration.ofSeconds(10), 2));
  }

  /** The knobs, with the defaults that reproduce the effect. */
  record BenchSettings(String task, String estimator, int k, double lr, int steps, int prompts,
      int samples, double temperature, int warm, int evalPrompts, int evalSamples,
      int evalInterval, long seed) {

    static BenchSettings from(Map<String, String> o) {
      return new BenchSettings(o.getOrDefault("task", "interference"),
          o.getOrDefault("estimator", "pkpo-loo1"), Integer.parseInt(o.getOrDefault("k", "8")),
          Double.parseDouble(o.getOrDefault("lr", "1e-3")),
          Integer.parseInt(o.getOrDefault("steps", "60")),
          Integer.parseInt(o.getOrDefault("prompts", "32")),
          Integer.parseInt(o.getOrDefault("samples", "16")),
          Double.parseDouble(o.getOrDefault("temperature", "1")),
          Integer.parseInt(o.getOrDefault("warm", "300")),
          Integer.parseInt(o.getOrDefault("evalPrompts", "200")),
          Integer.parseInt(o.getOrDefault("evalSamples", "16")),
          Integer.parseInt(o.getOrDefault("evalInterval", "20")),
          Long.parseLong(o.getOrDefault("seed", "1")));
    }

    InProcessRun.Settings run(String objective) {
      return new InProcessRun.Settings(ObjectiveSettings.parse(objective, estimator, k),
          UpdateSettings.defaults().withTrainer(TrainerSettings.defaults().withLearningRate(lr)),
          steps, prompts, samples, new SamplingSettings(temperature, 1, 4), evalInterval, seed);
    }
  }
}
