package dev.passk.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.passk.math.PassAtK;
import dev.passk.policy.Completion;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.policy.TrainerSettings;
import dev.passk.tasks.InterferenceBenchmark;
import dev.passk.tasks.Prompt;
import dev.passk.verifiers.VerifierCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's effect end to end in-process, on the interference benchmark from the warm-started
 * tiny policy (science.md section 6 gives the exact-gradient direction): training on pass@1 raises
 * eval pass@1; training on pass@8 raises eval pass@8 and lowers eval pass@1. Seeded and small.
 */
class InterferenceTrainingTest {

  private static final InterferenceBenchmark TASK = InterferenceBenchmark.paperDefaults();
  private static final SamplingSettings SAMPLING = new SamplingSettings(1, 1, 4);
  private static final int K = 8;
  private static final int STEPS = 24;
  private static final int PROMPTS = 16;
  private static final int SAMPLES = 16;

  @TempDir
  static Path cache;
  private static Path warm;
  private static VerifierCatalog verifiers;

  @BeforeAll
  static void warmStart() throws Exception {
    warm = WarmStartedPolicy.obtain(cache, TASK, 300, 1, Device.cpu());
    verifiers = InProcessRunBench.verifiers();
  }

  @AfterAll
  static void closeVerifiers() {
    verifiers.close();
  }

  @Test
  void evaluationIsAFixedHeldOutSetScoredAsAnIndependentCountWouldScoreIt() throws Exception {
    HeldOutEvaluation evaluation =
        new HeldOutEvaluation(TASK, 20, 8, List.of(1, 4, 8), SAMPLING, verifiers, 7);
    List<Prompt> prompts = evaluation.prompts();
    assertEquals(TASK.prompts(20, 7 ^ HeldOutEvaluation.EVAL_SALT), prompts);
    assertTrue(prompts.stream().noneMatch(p -> TASK.prompts(20, 7).contains(p)),
        "held-out prompts are not training prompts");
    try (Policy policy = Policy.load(warm, Device.cpu())) {
      EvalResult result = evaluation.evaluate(policy);
      assertEquals(result, evaluation.evaluate(policy), "same policy, same evaluation");
      List<List<Completion>> drawn = policy.sample(prompts.stream().map(Prompt::text).toList(), 8,
          SAMPLING, 7 ^ HeldOutEvaluation.EVAL_SALT);
      for (int k : List.of(1, 4, 8)) {
        double expected = 0;
        for (int p = 0; p < prompts.size(); p++) {
          String answer = prompts.get(p).answer();
          int correct = (int) drawn.get(p).stream().filter(c -> c.text().strip().equals(answer))
              .count();
          expected += PassAtK.unbiased(8, correct, k) / prompts.size();
        }
        assertEquals(expected, result.passAt(k), 1e-12, "pass@" + k);
      }
      assertEquals(result.passAt(1), result.pass1(), 1e-12);
      assertTrue(result.pass1() > 0.6, "the warm start answers most prompts: " + result);
    }
    assertThrows(IllegalArgumentException.class,
        () -> new HeldOutEvaluation(TASK, 20, 8, List.of(16), SAMPLING, verifiers, 7));
  }

  private static InProcessRun.Result train(String objective) throws Exception {
    InProcessRun.Settings settings = new InProcessRun.Settings(
        ObjectiveSettings.parse(objective, "pkpo-loo1", K),
        UpdateSettings.defaults().withTrainer(TrainerSettings.defaults().withLearningRate(1e-3)),
        STEPS, PROMPTS, SAMPLES, SAMPLING, STEPS, 11);
    HeldOutEvaluation evaluation =
        new HeldOutEvaluation(TASK, 150, 16, List.of(1, K), SAMPLING, verifiers, 3);
    try (Policy policy = Policy.load(warm, Device.cpu())) {
      return InProcessRun.run(policy, TASK, settings, evaluation, verifiers, line -> { });
    }
  }

  @Test
  void pass1TrainingRaisesPass1WhilePass8TrainingRaisesPass8AndLowersPass1() throws Exception {
    InProcessRun.Result pass1 = train("pass1");
    InProcessRun.Result passK = train("passk");
    String summary = "pass1 run " + pass1.first() + " -> " + pass1.last() + "; passk run "
        + passK.first() + " -> " + passK.last() + ", conflict share " + passK.conflictShare();
    System.out.println(summary);
    assertEquals(pass1.first(), passK.first(), "both start from the same warm start");
    assertTrue(pass1.last().pass1() > pass1.first().pass1() + 0.01, summary);
    assertTrue(passK.last().passAt(K) > passK.first().passAt(K), summary);
    assertTrue(passK.last().pass1() < passK.first().pass1() - 0.02, summary);
    assertTrue(passK.last().pass1() < pass1.last().pass1(), summary);
    // measured (seed 11): 42% of steps; the per-step estimate from 16 prompts is noisy
    assertTrue(passK.conflictShare() >= 0.25, summary);
  }
}
