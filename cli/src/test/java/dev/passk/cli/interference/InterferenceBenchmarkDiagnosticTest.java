package dev.passk.cli.interference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.passk.math.InterferenceReport;
import dev.passk.math.PassAtK;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.tasks.Prompt.Difficulty;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The check on the interference benchmark with a warm-started tiny policy (seeded, so the
 * numbers are the same on every run): hard prompts have negative mean agreement, and
 * &lt;g_k, g_1&gt; is positive at k = 1 and turns negative at some k*. The curve and k* are printed.
 */
class InterferenceBenchmarkDiagnosticTest {

  private static final int MAX_K = 16;

  @Test
  void hardPromptsInterfereNegativelyAndTheCurveTurnsNegativeAtSomeKStar() throws Exception {
    Path checkpointFolder = WarmStartedFixture.checkpoint();
    DiagnosticSettings settings = new DiagnosticSettings(64, 16, List.of(1, 2, 4, 8, MAX_K), 3,
        new SamplingSettings(1, 1, 4), ParameterSelection.LAST_LAYER, 0, Optional.empty());
    DiagnosticResult result;
    try (Policy policy = Policy.load(checkpointFolder, Device.cpu());
        VerifierCatalog verifiers = new VerifierCatalog(VerifierRegistry.load(), Map.of(),
            BoundedVerifier.Limits.of(Duration.ofSeconds(10), 1))) {
      result = new FixedCheckpointDiagnostic(policy, verifiers, line -> {})
          .run(WarmStartedFixture.task(), settings);
    }
    System.out.print(DiagnosticSummary.text(result,
        "tiny policy warm-started " + WarmStartedFixture.STEPS + " steps", WarmStartedFixture.TASK));

    assertTrue(result.labelCounts().getOrDefault(Difficulty.HARD, 0L) >= 5,
        "the draw holds enough hard prompts: " + result.labelCounts());
    double hard = result.meanAgreement(Difficulty.HARD).orElseThrow();
    double easy = result.meanAgreement(Difficulty.EASY).orElseThrow();
    assertTrue(hard < 0, "hard prompts' mean agreement " + hard);
    assertTrue(easy > 0, "easy prompts' mean agreement " + easy);

    List<Double> curve = result.curve();
    assertEquals(MAX_K, curve.size());
    assertTrue(curve.get(0) > 0, "<g_1, g_1> = ||grad J_1||^2 estimate " + curve.get(0));
    assertTrue(result.thresholdK().isPresent(), "no k* up to " + MAX_K + ": " + curve);
    int kStar = result.thresholdK().getAsInt();
    assertTrue(kStar > 1 && curve.get(kStar - 1) < 0 && curve.get(kStar - 2) >= 0,
        "k* = " + kStar + " is where the curve first turns negative: " + curve);
    assertTrue(curve.get(MAX_K - 1) < 0, "the w_k weight has moved onto the hard prompts: " + curve);
  }

  @Test
  void theReportedQuantitiesFollowTheGradientConflictIdentity() throws Exception {
    DiagnosticSettings settings = new DiagnosticSettings(24, 8, List.of(2, 8), 5,
        new SamplingSettings(1, 1, 4), ParameterSelection.LAST_LAYER, 0, Optional.empty());
    DiagnosticResult result;
    try (Policy policy = Policy.load(WarmStartedFixture.checkpoint(), Device.cpu());
        VerifierCatalog verifiers = new VerifierCatalog(VerifierRegistry.load(), Map.of(),
            BoundedVerifier.Limits.of(Duration.ofSeconds(10), 1))) {
      result = new FixedCheckpointDiagnostic(policy, verifiers, line -> {})
          .run(WarmStartedFixture.task(), settings);
    }
    for (int k : settings.ks()) {
      InterferenceReport report = result.byK().get(k);
      double identity = 0;
      for (DiagnosticResult.PromptResult p : result.prompts()) {
        identity += PassAtK.gradientWeight(p.successRate(), k) * p.agreement();
      }
      identity /= result.prompts().size();
      assertEquals(identity, report.innerProduct(), 1e-12 * (1 + Math.abs(identity)),
          "<g_k, g_1> = (1/B) sum_x w_k(p_hat) a_hat at k = " + k);
      assertEquals(report.innerProduct(), result.curve().get(k - 1), 0.0);
    }
  }
}
