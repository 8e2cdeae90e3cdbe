package dev.passk.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PKPO's O(n log n) weights against brute-force enumeration over all k-subsets. */
class MaxAtKTest {

  private static final double TOLERANCE = 1e-13;

  /** Continuous rewards with ties and negatives, and binary ones, n = 1..10. */
  private static double[] rewards(int n, boolean binary, Random random) {
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = binary ? random.nextInt(2) : Math.round(random.nextGaussian() * 4) / 4.0;
    }
    return g;
  }

  @Test
  void estimateAndWeightsEqualSubsetEnumeration() {
    Random random = new Random(1);
    for (boolean binary : new boolean[] {false, true}) {
      for (int n = 1; n <= 10; n++) {
        double[] g = rewards(n, binary, random);
        for (int k = 1; k <= n; k++) {
          String at = "g=" + java.util.Arrays.toString(g) + " k=" + k;
          assertEquals(Exact.subsetMeanOfMax(g, k), MaxAtK.estimate(g, k), TOLERANCE, at);
          assertArrayEquals(Exact.subsetWeights(g, k, false), MaxAtK.sampleWeights(g, k), TOLERANCE, at);
          assertArrayEquals(Exact.subsetWeights(g, k, true),
              new PkpoLooMinusOneAdvantage().advantages(g, k), TOLERANCE, at);
        }
      }
    }
  }

  @Test
  void leaveOneOutBaselineEqualsEnumerationOverTheOtherSamples() {
    Random random = new Random(2);
    for (boolean binary : new boolean[] {false, true}) {
      for (int n = 2; n <= 10; n++) {
        double[] g = rewards(n, binary, random);
        for (int k = 1; k < n; k++) {
          double[] expected = Exact.subsetWeights(g, k, false);
          for (int i = 0; i < n; i++) {
            expected[i] -= (double) k / n * Exact.subsetMeanOfMax(Exact.without(g, i), k);
          }
          assertArrayEquals(expected, new PkpoLooAdvantage().advantages(g, k), TOLERANCE,
              "g=" + java.util.Arrays.toString(g) + " k=" + k);
        }
      }
    }
  }

  @Test
  void binaryClosedFormEqualsTheContinuousWeights() {
    Random random = new Random(3);
    for (int n = 1; n <= 40; n += 3) {
      double[] g = rewards(n, true, random);
      for (int k = 1; k <= n; k++) {
        assertArrayEquals(MaxAtK.sampleWeights(g, k), PkpoBinary.effectiveRewards(g, k), TOLERANCE);
      }
    }
  }

  @Test
  void weightsStayExactForFourThousandSamples() {
    int n = 4096;
    double[] g = new Random(4).doubles(n).toArray();
    double[] sorted = g.clone();
    java.util.Arrays.sort(sorted);
    for (int k : new int[] {1, 64, 2048, 4096}) {
      double[] s = MaxAtK.sampleWeights(g, k);
      double estimate = MaxAtK.estimate(g, k);
      // sum_i s_i = k rho_g: every k-subset's max is counted once per member.
      assertEquals(k * estimate, java.util.Arrays.stream(s).sum(), 1e-9 * k);
      // the top sample's weight: C(n-1,k-1)/C(n,k) g_(n) + 0 = (k/n) g_(n)
      int top = argmax(g);
      assertEquals((double) k / n * g[top], s[top], 1e-15);
      // a mid-rank weight against big-integer binomials
      int rank = 3000; // 1-based rank i of the sorted list
      BigDecimal total = new BigDecimal(Exact.binomial(n, k));
      BigDecimal sum = new BigDecimal(Exact.binomial(rank - 1, k - 1)).multiply(new BigDecimal(sorted[rank - 1]));
      BigInteger shared = Exact.binomial(rank - 1, k - 2); // C(j-2, k-2) at j = rank + 1
      for (int j = rank + 1; j <= n; j++) {
        sum = sum.add(new BigDecimal(shared).multiply(new BigDecimal(sorted[j - 1])));
        shared = shared.signum() == 0 ? Exact.binomial(j - 1, k - 2) // C(j-1, k-2) for the next j
            : shared.multiply(BigInteger.valueOf(j - 1)).divide(BigInteger.valueOf(j - k + 1));
      }
      double expected = sum.divide(total, MathContext.DECIMAL64).doubleValue();
      int sample = indexOf(g, sorted[rank - 1]);
      assertEquals(expected, s[sample], 1e-12 * Math.max(1, Math.abs(expected)), "k=" + k);
    }
  }

  private static int argmax(double[] g) {
    int best = 0;
    for (int i = 1; i < g.length; i++) {
      best = g[i] > g[best] ? i : best;
    }
    return best;
  }

  private static int indexOf(double[] g, double value) {
    for (int i = 0; i < g.length; i++) {
      if (g[i] == value) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
