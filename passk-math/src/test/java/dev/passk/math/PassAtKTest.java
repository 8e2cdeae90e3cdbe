package dev.passk.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PassAtKTest {

  @Test
  void unbiasedEqualsExactBinomialRatioUpTo4096Samples() {
    int[][] cases = {{10, 3, 2}, {32, 1, 8}, {200, 17, 100}, {4096, 1, 1}, {4096, 5, 2048},
        {4096, 40, 100}, {4096, 2000, 4000}, {4096, 0, 4096}, {4096, 4096, 7}};
    for (int[] c : cases) {
      int n = c[0];
      int correct = c[1];
      int k = c[2];
      double exact = 1.0 - Exact.binomialRatio(n - correct, k, n, k);
      assertEquals(exact, PassAtK.unbiased(n, correct, k), 1e-13, "n=" + n + " c=" + correct + " k=" + k);
    }
  }

  @Test
  void unbiasedEstimateHasExpectationOneMinusOneMinusPToTheK() {
    for (double p : new double[] {0.03, 0.37, 0.9}) {
      for (int[] nk : new int[][] {{1, 1}, {5, 1}, {5, 3}, {16, 4}, {16, 16}, {40, 13}}) {
        int n = nk[0];
        int k = nk[1];
        double expectation = 0.0;
        for (int c = 0; c <= n; c++) {
          expectation += Exact.binomial(n, c).doubleValue() * Math.pow(p, c) * Math.pow(1 - p, n - c)
              * PassAtK.unbiased(n, c, k);
        }
        assertEquals(PassAtK.objective(p, k), expectation, 1e-12, "p=" + p + " n=" + n + " k=" + k);
      }
    }
  }

  @Test
  void gradientWeightIsTheDerivativeOfTheObjective() {
    double h = 1e-6;
    for (double p : new double[] {0.0, 0.2, 0.75, 0.999}) {
      for (int k = 1; k <= 16; k *= 2) {
        double derivative = (PassAtK.objective(p + h, k) - PassAtK.objective(p - h, k)) / (2 * h);
        assertEquals(derivative, PassAtK.gradientWeight(p, k), 1e-7, "p=" + p + " k=" + k);
      }
    }
  }

  @Test
  void estimateUsesMaxAtKForContinuousRewardsAndAgreesOnBinary() {
    double[] binary = {1, 0, 0, 1, 0, 0, 0};
    assertEquals(PassAtK.unbiased(7, 2, 3), PassAtK.estimate(binary, 3), 0.0);
    assertEquals(PassAtK.unbiased(7, 2, 3), MaxAtK.estimate(binary, 3), 1e-15);
    double[] continuous = {0.2, 0.9, 0.5};
    assertEquals(Exact.subsetMeanOfMax(continuous, 2), PassAtK.estimate(continuous, 2), 1e-15);
  }

  @Test
  void rejectsKAboveNAndEmptyOrNonFiniteRewards() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(new double[] {1, 0}, 3))
        .getMessage().contains("k = 3"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(new double[0], 1))
        .getMessage().contains("empty"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(new double[] {Double.NaN}, 1))
        .getMessage().contains("finite"));
  }
}
