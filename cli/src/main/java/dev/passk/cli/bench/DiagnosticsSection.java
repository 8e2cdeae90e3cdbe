package dev.passk.cli.bench;

import ai.djl.Device;
import dev.passk.policy.Completion;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.tasks.Prompt;
import dev.passk.tasks.Task;
import dev.passk.training.HeldOutEvaluation;
import dev.passk.training.LearnerStep;
import dev.passk.training.ObjectiveSettings;
import dev.passk.training.ScoredGroup;
import dev.passk.training.UpdateSettings;
import dev.passk.verifiers.VerifierCatalog;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * The cost of the per-step interference report (issue target: at most 1.3x a learner step): the same
 * batch, a pass@k step with and without diagnostics on two copies of the warm-started policy, in
 * alternating pairs; medians of the paired ratios in wall time and in this thread's CPU time
 * (libtorch with one intra-op thread computes on the calling thread, so CPU time is robust to a
 * busy machine).
 */
public final class DiagnosticsSection implements BenchSection {

  @Override
  public String name() {
    return "diagnostics overhead";
  }

  @Override
  public List<BenchRow> run(BenchSettings settings, PrintStream log) throws Exception {
    int pairs = settings.quick() ? 6 : 30 * settings.rounds();
    Task task = InterferenceWorkload.task();
    Path warm = InterferenceWorkload.warmStarted(settings);
    ObjectiveSettings objective = ObjectiveSettings.parse("passk", "pkpo-loo1", InterferenceWorkload.K);
    try (VerifierCatalog verifiers = InterferenceWorkload.verifiers();
        Policy withPolicy = Policy.load(warm, Device.cpu());
        Policy withoutPolicy = Policy.load(warm, Device.cpu());
        LearnerStep diagnosed = new LearnerStep(withPolicy, objective, UpdateSettings.defaults().withDiagnostics(true));
        LearnerStep plain = new LearnerStep(withoutPolicy, objective, UpdateSettings.defaults().withDiagnostics(false))) {
      List<ScoredGroup> groups = batch(task, withPolicy, verifiers);
      for (int i = 0; i < 3; i++) { // JIT and allocator warm-up
        diagnosed.apply(groups, 0);
        plain.apply(groups, 0);
      }
      double[][] ratios = new double[2][pairs]; // [wall, cpu]
      double[][] without = new double[2][pairs];
      for (int i = 0; i < pairs; i++) { // alternate which runs first: no order bias
        double[] a;
        double[] b;
        if (i % 2 == 0) {
          b = time(plain, groups);
          a = time(diagnosed, groups);
        } else {
          a = time(diagnosed, groups);
          b = time(plain, groups);
        }
        for (int clock = 0; clock < 2; clock++) {
          ratios[clock][i] = a[clock] / b[clock];
          without[clock][i] = b[clock];
        }
      }
      log.printf("  step without diagnostics %.1f ms wall, %.1f ms CPU; with/without %.3f wall, %.3f CPU%n",
          Medians.of(without[0]), Medians.of(without[1]), Medians.of(ratios[0]), Medians.of(ratios[1]));
      String batch = "pass@8 step, B=16 x n=16";
      return List.of(
          new BenchRow(name(), batch + " (thread CPU time)", Medians.of(without[1]), "ms without", Double.NaN,
              Medians.of(ratios[1]), "with/without diagnostics: 1 = free", "<= 1.3"),
          new BenchRow(name(), batch + " (wall time)", Medians.of(without[0]), "ms without", Double.NaN,
              Medians.of(ratios[0]), "with/without diagnostics: 1 = free", "<= 1.3"));
    }
  }

  private static List<ScoredGroup> batch(Task task, Policy policy, VerifierCatalog verifiers) {
    List<Prompt> prompts = task.prompts(InterferenceWorkload.PROMPTS, 5);
    List<List<Completion>> completions = policy.sample(prompts.stream().map(Prompt::text).toList(),
        InterferenceWorkload.SAMPLES, new SamplingSettings(1, 1, 4), 9);
    List<double[]> rewards = HeldOutEvaluation.Rewards.score(prompts, completions, verifiers);
    return ScoredGroup.sampled(prompts, completions, rewards, 0);
  }

  /** One step's {wall, thread CPU} milliseconds. */
  private static double[] time(LearnerStep step, List<ScoredGroup> groups) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    step.apply(groups, 0);
    return new double[] {(System.nanoTime() - wall) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6};
  }
}
