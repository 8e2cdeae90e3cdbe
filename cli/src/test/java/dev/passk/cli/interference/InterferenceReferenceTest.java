package dev.passk.cli.interference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.passk.math.InterferenceDiagnostics;
import dev.passk.math.InterferenceReport;
import dev.passk.math.PromptGradients;
import dev.passk.policy.Completion;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import dev.passk.policy.SamplingSettings;
import dev.passk.policy.Sequence;
import dev.passk.policy.TrainerSettings;
import dev.passk.tasks.Prompt;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The diagnostic's shared-row native path against a plain per-sample computation on the real
 * policy: one gradient per sample (no sharing of repeated sequences), g(x), split halves and the
 * Gram matrix in Java doubles ({@link PromptGradients}), then {@link InterferenceDiagnostics}.
 */
class InterferenceReferenceTest {

  @Test
  void sharedRowsAndNativeProductsEqualThePerSampleReference() throws Exception {
    int n = 6;
    List<Prompt> prompts = WarmStartedFixture.task().prompts(10, 11);
    SamplingSettings sampling = new SamplingSettings(1, 1, 4);
    DiagnosticSettings settings = new DiagnosticSettings(prompts.size(), n, List.of(1, 4), 11,
        sampling, ParameterSelection.LAST_LAYER, 0, Optional.empty());
    try (Policy policy = Policy.load(WarmStartedFixture.checkpoint(), Device.cpu());
        VerifierCatalog verifiers = new VerifierCatalog(VerifierRegistry.load(), Map.of(),
            BoundedVerifier.Limits.of(Duration.ofSeconds(10), 1))) {
      List<List<Completion>> completions =
          policy.sample(prompts.stream().map(Prompt::text).toList(), n, sampling, 5);
      double[][] rewards = new double[prompts.size()][n];
      for (int x = 0; x < prompts.size(); x++) {
        Prompt p = prompts.get(x);
        for (int i = 0; i < n; i++) {
          rewards[x][i] = verifiers.get(p.verifier()).verify(
              new VerificationRequest(p.text(), p.answer(), completions.get(x).get(i).text())).reward();
        }
      }
      DiagnosticResult result = new FixedCheckpointDiagnostic(policy, verifiers, line -> {})
          .analyse(prompts, completions, rewards, settings);

      double[][] g = new double[prompts.size()][];
      double[] self = new double[prompts.size()];
      int mixed = 0;
      try (NDManager manager = NDManager.newBaseManager();
          PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
        for (int x = 0; x < prompts.size(); x++) {
          long[] promptIds = policy.tokenizer().encodePrompt(prompts.get(x).text());
          List<Sequence> sequences = completions.get(x).stream()
              .map(c -> new Sequence(promptIds, c.tokenIds())).toList();
          NDArray rows = trainer.gradients(sequences,
              name -> name.startsWith(policy.lastLayerPrefix()), null, manager); // (n, P)
          int width = Math.toIntExact(rows.getShape().get(1));
          double[] flat = rows.toType(DataType.FLOAT64, false).toDoubleArray();
          double[][] scores = new double[n][];
          for (int i = 0; i < n; i++) {
            scores[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
          }
          g[x] = PromptGradients.estimate(scores, rewards[x]);
          self[x] = PromptGradients.splitHalfSelfKernel(scores, rewards[x]);
          mixed += Arrays.stream(rewards[x]).distinct().count() > 1 ? 1 : 0;
        }
      }
      assertTrue(mixed >= 3, "the draw needs prompts with mixed rewards to test anything: " + mixed);
      assertTrue(result.gradientRows() < mixed * n, "repeated sequences share a row: "
          + result.gradientRows() + " rows for " + mixed * n + " samples");
      double[] pHat = Arrays.stream(rewards).mapToDouble(r -> Arrays.stream(r).average().orElseThrow())
          .toArray();
      InterferenceReport expected = InterferenceDiagnostics.builder().setSuccessRates(pHat)
          .setGram(PromptGradients.gram(g)).optSplitHalfSelfKernels(self).setK(4).build();
      InterferenceReport actual = result.byK().get(4);
      // Relative to the value or to ||g_1||^2, whichever is larger: the two sides sum the same
      // float64 products in different orders, so they agree to ~1e-14 relative, not exactly.
      double scale = expected.normPass1() * expected.normPass1();
      for (int x = 0; x < prompts.size(); x++) {
        double a = expected.agreements().get(x);
        assertEquals(a, actual.agreements().get(x), 1e-9 * Math.max(scale, Math.abs(a)), "a_hat of prompt " + x);
      }
      for (int k = 1; k <= 4; k++) {
        double curve = expected.innerProductCurve().get(k - 1);
        assertEquals(curve, actual.innerProductCurve().get(k - 1), 1e-9 * Math.max(scale, Math.abs(curve)),
            "<g_k, g_1> at k = " + k);
      }
      assertEquals(expected.cosine(), actual.cosine(), 1e-9);
      assertEquals(expected.normPassAtK(), actual.normPassAtK(),
          1e-9 * Math.max(expected.normPass1(), expected.normPassAtK()));
    }
  }
}
