package dev.passk.training;

import ai.djl.Device;
import dev.passk.policy.Completion;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.tasks.Prompt;
import dev.passk.tasks.Task;
import dev.passk.tasks.TaskCatalog;
import dev.passk.verifiers.VerifierCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cost of the interference diagnostics relative to a learner step (not a test; issue 4's target is
 * &lt;= 30%): the same batch of B groups x n samples from the warm-started tiny policy, a PASSK step
 * with and without diagnostics in alternating pairs on two copies of the policy, medians of each
 * and the median of the paired ratios, in wall time and in this thread's CPU time (libtorch with
 * one intra-op thread computes on the calling thread, so CPU time is robust to a busy machine).
 * Run with
 * {@code java -cp <test classpath> dev.passk.training.DiagnosticsOverheadBench [B] [n] [pairs]}.
 */
public final class DiagnosticsOverheadBench {

  private DiagnosticsOverheadBench() {}

  public static void main(String[] args) throws Exception {
    int b = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    Task task = TaskCatalog.create("interference");
    Path warm = WarmStartedPolicy.obtain(Path.of("target/warm-cache"), task, 300, 1, Device.cpu());
    ObjectiveSettings objective = ObjectiveSettings.parse("passk", "pkpo-loo1", 8);
    try (VerifierCatalog verifiers = InProcessRunBench.verifiers();
        Policy withPolicy = Policy.load(warm, Device.cpu());
        Policy withoutPolicy = Policy.load(warm, Device.cpu());
        LearnerStep diagnosed = new LearnerStep(withPolicy, objective,
            UpdateSettings.defaults().withDiagnostics(true));
        LearnerStep plain = new LearnerStep(withoutPolicy, objective,
            UpdateSettings.defaults().withDiagnostics(false))) {
      List<Prompt> prompts = task.prompts(b, 5);
      List<List<Completion>> completions = withPolicy.sample(
          prompts.stream().map(Prompt::text).toList(), n, new SamplingSettings(1, 1, 4), 9);
      List<double[]> rewards = HeldOutEvaluation.Rewards.score(prompts, completions, verifiers);
      List<ScoredGroup> groups = new ArrayList<>();
      for (int p = 0; p < b; p++) {
        groups.add(new ScoredGroup(prompts.get(p).id(), 0, prompts.get(p).text(),
            completions.get(p).stream().map(Completion::text).toList(), rewards.get(p),
            completions.get(p).stream().mapToDouble(Completion::logprob).toArray(), 0));
      }
      for (int i = 0; i < 5; i++) { // JIT and allocator warm-up
        diagnosed.apply(groups, 0);
        plain.apply(groups, 0);
      }
      double[][] without = new double[2][pairs]; // [wall, cpu] ms
      double[][] with = new double[2][pairs];
      double[][] ratios = new double[2][pairs];
      for (int i = 0; i < pairs; i++) { // alternate which runs first: no order bias
        if (i % 2 == 0) {
          time(plain, groups, without, i);
          time(diagnosed, groups, with, i);
        } else {
          time(diagnosed, groups, with, i);
          time(plain, groups, without, i);
        }
        for (int clock = 0; clock < 2; clock++) {
          ratios[clock][i] = with[clock][i] / without[clock][i];
        }
      }
      for (int clock = 0; clock < 2; clock++) {
        System.out.println(String.format(Locale.ROOT,
            "%s, B=%d n=%d pairs=%d: step without diagnostics %.1f ms, with %.1f ms (medians); "
                + "median paired ratio %.3f -> diagnostics overhead %.1f%%",
            clock == 0 ? "wall time" : "thread CPU time", b, n, pairs, median(without[clock]),
            median(with[clock]), median(ratios[clock]), 100 * (median(ratios[clock]) - 1)));
      }
    }
  }

  /** Runs one step; records wall and thread CPU milliseconds (libtorch runs on this thread). */
  private static void time(LearnerStep step, List<ScoredGroup> groups, double[][] into, int i) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    step.apply(groups, 0);
    into[0][i] = (System.nanoTime() - wall) / 1e6;
    into[1][i] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }
}
