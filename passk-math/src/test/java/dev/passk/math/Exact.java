package dev.passk.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/** Independent exact references for the tests: big-integer binomials and brute-force subsets. */
final class Exact {

  private Exact() {}

  static BigInteger binomial(int n, int k) {
    if (k < 0 || k > n) {
      return BigInteger.ZERO;
    }
    BigInteger result = BigInteger.ONE;
    for (int i = 1; i <= k; i++) {
      result = result.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
    }
    return result;
  }

  /** C(a, b) / C(c, d) to double, computed exactly before rounding. */
  static double binomialRatio(int a, int b, int c, int d) {
    return new BigDecimal(binomial(a, b)).divide(new BigDecimal(binomial(c, d)), MathContext.DECIMAL128)
        .doubleValue();
  }

  /** (1/C(n,k)) sum over k-subsets of max g, by enumeration. */
  static double subsetMeanOfMax(double[] g, int k) {
    double sum = 0.0;
    int count = 0;
    for (int mask = 0; mask < 1 << g.length; mask++) {
      if (Integer.bitCount(mask) == k) {
        sum += max(g, mask);
        count++;
      }
    }
    return sum / count;
  }

  /**
   * (1/C(n,k)) sum over k-subsets I holding i of [max_I g - baseline], by enumeration; baseline is
   * max over I \ i when {@code minusOwn}, else 0.
   */
  static double[] subsetWeights(double[] g, int k, boolean minusOwn) {
    int n = g.length;
    double[] s = new double[n];
    int count = 0;
    for (int mask = 0; mask < 1 << n; mask++) {
      if (Integer.bitCount(mask) != k) {
        continue;
      }
      count++;
      for (int i = 0; i < n; i++) {
        if ((mask & 1 << i) != 0) {
          int others = mask & ~(1 << i);
          s[i] += max(g, mask) - (minusOwn && others != 0 ? max(g, others) : 0.0);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      s[i] /= count;
    }
    return s;
  }

  static double[] without(double[] g, int i) {
    double[] rest = new double[g.length - 1];
    for (int j = 0, r = 0; j < g.length; j++) {
      if (j != i) {
        rest[r++] = g[j];
      }
    }
    return rest;
  }

  private static double max(double[] g, int mask) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < g.length; i++) {
      if ((mask & 1 << i) != 0) {
        m = Math.max(m, g[i]);
      }
    }
    return m;
  }
}
