package dev.passk.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Exact enumeration over all outcomes of n i.i.d. draws. For a Bernoulli(p) answer with
 * p = sigmoid(theta): score(1) = 1 - p, score(0) = -p, grad p = p (1 - p), and an estimator is
 * unbiased for grad pass@k when E[sum_i A_i score_i] = k (1-p)^(k-1) grad p.
 *
 * <p>Which hold: pkpo, pkpo-loo (k &lt; n) and pkpo-loo1 exactly; pass1 exactly for grad p (k = 1);
 * chen's centred numerators up to the factor (n-k)/k; chen divided by sigma does not (as GRPO).
 */
class AdvantageUnbiasednessTest {

  private static final double[] PROBABILITIES = {0.05, 0.37, 0.8};
  private static final int[][] SIZES = {{1, 1}, {2, 1}, {2, 2}, {4, 2}, {5, 3}, {8, 1}, {8, 4}, {8, 8}, {10, 5}, {12, 3}};

  /** E[sum_i A_i score_i] over the 2^n binary outcomes. */
  private static double expectedGradient(double p, int n, int k, java.util.function.BiFunction<double[], Integer, double[]> a) {
    double expectation = 0.0;
    for (int mask = 0; mask < 1 << n; mask++) {
      double[] rewards = new double[n];
      double probability = 1.0;
      for (int i = 0; i < n; i++) {
        rewards[i] = (mask >> i & 1) == 1 ? 1.0 : 0.0;
        probability *= rewards[i] == 1.0 ? p : 1 - p;
      }
      double[] advantages = a.apply(rewards, k);
      double sum = 0.0;
      for (int i = 0; i < n; i++) {
        sum += advantages[i] * (rewards[i] == 1.0 ? 1 - p : -p);
      }
      expectation += probability * sum;
    }
    return expectation;
  }

  private static double gradPassAtK(double p, int k) {
    return PassAtK.gradientWeight(p, k) * p * (1 - p);
  }

  @Test
  void pkpoEstimatorsAreUnbiasedForGradPassAtK() {
    for (String name : new String[] {"pkpo", "pkpo-loo", "pkpo-loo1"}) {
      AdvantageEstimator estimator = AdvantageEstimators.byName(name);
      for (double p : PROBABILITIES) {
        for (int[] nk : SIZES) {
          if (name.equals("pkpo-loo") && nk[1] == nk[0]) {
            continue; // needs k < n
          }
          assertEquals(gradPassAtK(p, nk[1]), expectedGradient(p, nk[0], nk[1], estimator::advantages), 1e-12,
              name + " p=" + p + " n=" + nk[0] + " k=" + nk[1]);
        }
      }
    }
  }

  @Test
  void pass1IsUnbiasedForGradP() {
    for (double p : PROBABILITIES) {
      for (int n = 2; n <= 12; n += 5) {
        assertEquals(gradPassAtK(p, 1), expectedGradient(p, n, 1, new Pass1LooAdvantage()::advantages), 1e-12);
      }
    }
  }

  @Test
  void chenCentredAdvantagesAreUnbiasedUpToTheFactorNMinusKOverK() {
    for (double p : PROBABILITIES) {
      for (int[] nk : SIZES) {
        int n = nk[0];
        int k = nk[1];
        assertEquals((n - k) / (double) k * gradPassAtK(p, k),
            expectedGradient(p, n, k, ChenPassAtKAdvantage::centred), 1e-12, "p=" + p + " n=" + n + " k=" + k);
      }
    }
  }

  @Test
  void maxAtKWeightsAreUnbiasedForContinuousRewards() {
    // A softmax policy over three answers with rewards 0, 0.4, 1 and logits theta; exact E over 3^n.
    double[] values = {0.0, 0.4, 1.0};
    double[] theta = {0.3, -0.2, 0.1};
    for (String name : new String[] {"pkpo", "pkpo-loo", "pkpo-loo1"}) {
      for (int[] nk : new int[][] {{3, 1}, {3, 2}, {4, 3}, {5, 2}, {6, 6}}) {
        int n = nk[0];
        int k = nk[1];
        if (name.equals("pkpo-loo") && k == n) {
          continue;
        }
        double[] expected = finiteDifferenceGradient(values, theta, k);
        double[] actual = expectedGradientCategorical(values, theta, n, k, AdvantageEstimators.byName(name));
        for (int j = 0; j < 3; j++) {
          assertEquals(expected[j], actual[j], 1e-8, name + " n=" + n + " k=" + k + " coordinate " + j);
        }
      }
    }
  }

  private static double[] softmax(double[] theta) {
    double[] e = java.util.Arrays.stream(theta).map(Math::exp).toArray();
    double total = java.util.Arrays.stream(e).sum();
    return java.util.Arrays.stream(e).map(v -> v / total).toArray();
  }

  /** E[max of k draws] for sorted distinct values: sum_v v (F(v)^k - F(v-)^k). */
  private static double expectedMax(double[] values, double[] theta, int k) {
    double[] pi = softmax(theta);
    double below = 0.0;
    double result = 0.0;
    for (int a = 0; a < values.length; a++) {
      result += values[a] * (Math.pow(below + pi[a], k) - Math.pow(below, k));
      below += pi[a];
    }
    return result;
  }

  private static double[] finiteDifferenceGradient(double[] values, double[] theta, int k) {
    double h = 1e-5;
    double[] g = new double[theta.length];
    for (int j = 0; j < theta.length; j++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[j] += h;
      minus[j] -= h;
      g[j] = (expectedMax(values, plus, k) - expectedMax(values, minus, k)) / (2 * h);
    }
    return g;
  }

  private static double[] expectedGradientCategorical(double[] values, double[] theta, int n, int k,
      AdvantageEstimator estimator) {
    double[] pi = softmax(theta);
    double[] result = new double[theta.length];
    int outcomes = (int) Math.pow(values.length, n);
    for (int code = 0; code < outcomes; code++) {
      int[] answers = new int[n];
      double probability = 1.0;
      double[] rewards = new double[n];
      for (int i = 0, c = code; i < n; i++, c /= values.length) {
        answers[i] = c % values.length;
        probability *= pi[answers[i]];
        rewards[i] = values[answers[i]];
      }
      double[] advantages = estimator.advantages(rewards, k);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < theta.length; j++) { // grad log softmax = e_a - pi
          result[j] += probability * advantages[i] * ((answers[i] == j ? 1 : 0) - pi[j]);
        }
      }
    }
    return result;
  }
}
