package dev.passk.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterferenceDiagnosticsTest {

  private static final int K = 8;

  /** A reference computed from explicit vectors, independently of the Gram-based path. */
  private record VectorReference(double[] agreements, double[] curve, double normK, double norm1) {

    /**
     * withSelf: the batch is D and kappa(x,x) = ||g(x)||^2; else pairs x != x' only, i.e. each
     * prompt is compared with the mean of the others.
     */
    static VectorReference of(double[][] g, double[] pHat, int maxK, boolean withSelf) {
      int b = g.length;
      int d = g[0].length;
      double[] agreements = new double[b];
      double[] curve = new double[maxK];
      double[] wK = weights(pHat, maxK);
      double normK = 0;
      double norm1 = 0;
      double pairs = withSelf ? (double) b * b : (double) b * (b - 1);
      for (int x = 0; x < b; x++) {
        double[] others = new double[d]; // sum of g(x') over the pairs of x
        double[] weightedOthers = new double[d];
        for (int y = 0; y < b; y++) {
          if (withSelf || y != x) {
            for (int j = 0; j < d; j++) {
              others[j] += g[y][j];
              weightedOthers[j] += wK[y] * g[y][j];
            }
          }
        }
        agreements[x] = PromptGradients.dot(g[x], others) / (withSelf ? b : b - 1);
        for (int k = 1; k <= maxK; k++) {
          curve[k - 1] += PassAtK.gradientWeight(pHat[x], k) * PromptGradients.dot(g[x], others) / pairs;
        }
        normK += wK[x] * PromptGradients.dot(g[x], weightedOthers) / pairs;
        norm1 += PromptGradients.dot(g[x], others) / pairs;
      }
      return new VectorReference(agreements, curve, Math.sqrt(normK), Math.sqrt(norm1));
    }
  }

  private static double[] weights(double[] pHat, int k) {
    return java.util.Arrays.stream(pHat).map(p -> PassAtK.gradientWeight(p, k)).toArray();
  }

  private static void assertMatches(VectorReference expected, InterferenceReport report, double tolerance) {
    for (int x = 0; x < expected.agreements().length; x++) {
      assertEquals(expected.agreements()[x], report.agreements().get(x), tolerance, "a_hat of prompt " + x);
    }
    for (int k = 1; k <= expected.curve().length; k++) {
      assertEquals(expected.curve()[k - 1], report.innerProductCurve().get(k - 1), tolerance, "curve at k=" + k);
    }
    assertEquals(expected.normK(), report.normPassAtK(), tolerance);
    assertEquals(expected.norm1(), report.normPass1(), tolerance);
  }

  @Test
  void gramPathEqualsTheVectorReferenceInBothModes() {
    Random random = new Random(7);
    int b = 9;
    double[][] g = new double[b][];
    double[] pHat = new double[b];
    for (int x = 0; x < b; x++) {
      g[x] = random.doubles(6, -1, 1).toArray();
      g[x][0] += 1.5; // a common direction so the norms are positive
      pHat[x] = random.nextInt(33) / 32.0;
    }
    double[] u = random.doubles(6, -1, 1).toArray();
    double[][] gram = PromptGradients.gram(g);
    double[] self = new double[b];
    double[] dotU = new double[b];
    double[] meanG = new double[6];
    for (int x = 0; x < b; x++) {
      self[x] = PromptGradients.dot(g[x], g[x]);
      dotU[x] = PromptGradients.dot(g[x], u);
      for (int j = 0; j < 6; j++) {
        meanG[j] += g[x][j] / b;
      }
    }
    InterferenceReport leaveOneOut = InterferenceDiagnostics.builder()
        .setSuccessRates(pHat).setGram(gram).setK(K).optUpdateProducts(dotU).build();
    assertMatches(VectorReference.of(g, pHat, K, false), leaveOneOut, 1e-12);
    assertFalse(leaveOneOut.selfPairsIncluded());
    assertEquals(PromptGradients.dot(meanG, u), leaveOneOut.predictedPass1Change().getAsDouble(), 1e-12);

    InterferenceReport withSelf = InterferenceDiagnostics.builder()
        .setSuccessRates(pHat).setGram(gram).setK(K).optSplitHalfSelfKernels(self).build();
    VectorReference expected = VectorReference.of(g, pHat, K, true);
    assertMatches(expected, withSelf, 1e-12);
    assertTrue(withSelf.predictedPass1Change().isEmpty());
    // with self pairs the estimates are the plain vectors g_1 = mean g, g_k = mean w_k g
    double[] gk = new double[6];
    for (int x = 0; x < b; x++) {
      for (int j = 0; j < 6; j++) {
        gk[j] += PassAtK.gradientWeight(pHat[x], K) * g[x][j] / b;
      }
    }
    assertEquals(PromptGradients.dot(gk, meanG), withSelf.innerProduct(), 1e-12);
    assertEquals(PromptGradients.dot(gk, meanG) / Math.sqrt(PromptGradients.dot(gk, gk) * PromptGradients.dot(meanG, meanG)),
        withSelf.cosine(), 1e-12);
  }

  @Test
  void negativeSetShareMassAndThreshold() {
    // Two easy prompts agreeing with each other, one hard prompt opposed to both.
    double[][] g = {{1, 0}, {1, 0.2}, {-0.3, 0}};
    double[] pHat = {0.9, 0.8, 0.1};
    InterferenceReport report = InterferenceDiagnostics.builder()
        .setSuccessRates(pHat).setGram(PromptGradients.gram(g)).setK(4).build();
    assertEquals(1.0 / 3, report.negativeShare(), 1e-15);
    double[] w = weights(pHat, 4);
    assertEquals(w[2] / (w[0] + w[1] + w[2]), report.negativeWeightMass(), 1e-15);
    assertEquals(List.of(0.9, 0.8, 0.1), report.successRates());
    double[] curve = report.innerProductCurve().stream().mapToDouble(Double::doubleValue).toArray();
    assertTrue(curve[0] > 0);
    int firstNegative = report.thresholdK().getAsInt();
    assertTrue(curve[firstNegative - 1] < 0 && curve[firstNegative - 2] >= 0);
    assertEquals(firstNegative - 1, ConflictAwareDirection.adaptiveK(curve));
  }

  @Test
  void sampledEstimatesConvergeToTheExactToyValues() {
    // A batch of B prompts drawn from the toy's D; the exact report uses the true grad p(x) of those
    // prompts, the sampled one n answers per prompt, split halves for the self terms.
    InterferenceToyBandit toy = InterferenceToyBandit.paperToy();
    double[] theta = {2.0, 0.0};
    Random random = new Random(11);
    int[] batch = drawPrompts(toy, 100, random);
    double[][] allGradients = toy.successGradients(theta);
    double[] allP = toy.successProbabilities(theta);
    double[][] exactGradients = java.util.Arrays.stream(batch).mapToObj(x -> allGradients[x]).toArray(double[][]::new);
    InterferenceReport exact = InterferenceDiagnostics.builder()
        .setSuccessRates(java.util.Arrays.stream(batch).mapToDouble(x -> allP[x]).toArray())
        .setGram(PromptGradients.gram(exactGradients))
        .optSplitHalfSelfKernels(java.util.Arrays.stream(exactGradients).mapToDouble(v -> PromptGradients.dot(v, v)).toArray())
        .setK(K).build();
    assertTrue(exact.innerProduct() < 0 && exact.innerProductCurve().get(0) > 0);

    double previousError = Double.POSITIVE_INFINITY;
    for (int n : new int[] {64, 512, 4096}) {
      double[][] g = new double[batch.length][];
      double[] pHat = new double[batch.length];
      double[] self = new double[batch.length];
      for (int x = 0; x < batch.length; x++) {
        InterferenceToyBandit.Samples samples = toy.sample(theta, batch[x], n, random);
        g[x] = PromptGradients.estimate(samples.scores(), samples.rewards());
        self[x] = PromptGradients.splitHalfSelfKernel(samples.scores(), samples.rewards());
        pHat[x] = java.util.Arrays.stream(samples.rewards()).average().orElseThrow();
      }
      InterferenceReport sampled = InterferenceDiagnostics.builder().setSuccessRates(pHat)
          .setGram(PromptGradients.gram(g)).optSplitHalfSelfKernels(self).setK(K).build();
      double error = Math.abs(sampled.innerProduct() - exact.innerProduct()) / Math.abs(exact.innerProduct());
      System.out.printf("n=%d  <g_8,g_1> sampled %.6f exact %.6f  relative error %.4f  cos %.3f vs %.3f  k* %s vs %s%n",
          n, sampled.innerProduct(), exact.innerProduct(), error, sampled.cosine(), exact.cosine(),
          sampled.thresholdK(), exact.thresholdK());
      assertTrue(error < previousError, "error should shrink with n");
      previousError = error;
      if (n == 4096) {
        assertTrue(error < 0.01, "relative error at n = 4096: " + error);
        assertEquals(exact.cosine(), sampled.cosine(), 0.01);
        assertEquals(exact.thresholdK(), sampled.thresholdK());
      }
    }
  }

  private static int[] drawPrompts(InterferenceToyBandit toy, int b, Random random) {
    int[] batch = new int[b];
    for (int i = 0; i < b; i++) {
      double u = random.nextDouble();
      int x = 0;
      while (x < toy.prompts().size() - 1 && (u -= toy.prompts().get(x).weight()) > 0) {
        x++;
      }
      batch[i] = x;
    }
    return batch;
  }

  @Test
  void rejectsInconsistentInputs() {
    double[][] asymmetric = {{1, 2}, {3, 1}};
    assertThrows(IllegalArgumentException.class, () -> InterferenceDiagnostics.builder()
        .setSuccessRates(new double[] {0.5, 0.5}).setGram(asymmetric).setK(2).build());
    assertThrows(IllegalArgumentException.class, () -> InterferenceDiagnostics.builder()
        .setSuccessRates(new double[] {0.5, 0.5, 0.1}).setGram(new double[2][2]).setK(2).build());
    assertThrows(IllegalArgumentException.class, () -> InterferenceDiagnostics.builder()
        .setSuccessRates(new double[] {0.5}).setGram(new double[1][1]).setK(2).build());
    assertThrows(IllegalStateException.class, () -> InterferenceDiagnostics.builder().setK(2).build());
  }

  @Test
  void easyHardMixtureSelectsByThresholds() {
    EasyHardMixture mixture = EasyHardMixture.select(new double[] {0.95, 0.5, 0.02, 0.85, 0.1}, 0.85, 0.10);
    assertEquals(List.of(0), mixture.easy());
    assertEquals(List.of(2), mixture.hard());
    assertEquals(List.of(0, 2), mixture.all());
    assertThrows(IllegalArgumentException.class, () -> EasyHardMixture.select(new double[] {0.5}, 0.1, 0.9));
  }

  @Test
  void projectionRemovesOnlyTheConflictingComponent() {
    double[] g1 = {1, 0.5};
    double[] conflicting = {-1, 2};
    double[] projected = ConflictAwareDirection.project(conflicting, g1);
    assertEquals(0.0, PromptGradients.dot(projected, g1), 1e-15);
    double[] agreeing = {1, 2};
    assertEquals(List.of(1.0, 2.0), java.util.Arrays.stream(ConflictAwareDirection.project(agreeing, g1)).boxed().toList());
    assertEquals(3, ConflictAwareDirection.adaptiveK(new double[] {1, 0.2, 0, -0.1}));
  }
}
