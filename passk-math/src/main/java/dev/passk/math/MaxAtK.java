package dev.passk.math;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * PKPO's continuous-reward estimators (Walder &amp; Karkhanis 2025, arXiv 2505.15201), computed in
 * O(n log n) from the sorted rewards g_(1) &lt;= ... &lt;= g_(n).
 *
 * <pre>
 *   max_g@k = E[ max of k i.i.d. rewards ]
 *   rho_g   = (1/C(n,k)) sum_{i=k}^{n} C(i-1, k-1) g_(i)                  (unbiased for max_g@k)
 *   s_(i)   = (1/C(n,k)) [ C(i-1,k-1) g_(i) + sum_{j&gt;i} C(j-2,k-2) g_(j) ]
 *           = (1/C(n,k)) sum_{|I|=k, i in I} max_{j in I} g_j               (per-sample weights)
 * </pre>
 *
 * so that sum_i s_i grad log pi(y_i) is unbiased for grad max_g@k. Each s_i averages max over the
 * k-subsets holding sample i; ties need no care because a subset's max is the same value whichever
 * tied sample is ranked higher.
 *
 * <p>Numerics: the ratios C(i-1,k-1)/C(n,k) and C(j-2,k-2)/C(n,k) are built by products downward
 * from their largest value at i = n (k/n and k(k-1)/(n(n-1))), each step multiplying by a factor in
 * [0, 1). No binomial and no logarithm is formed; ratios below the double range (they exist for
 * n = 4096) underflow to 0, which is their value to double precision. Relative error grows at most
 * like n machine epsilons.
 */
public final class MaxAtK {

  private MaxAtK() {}

  /** rho_g: the unbiased max_g@k estimate; equals {@link PassAtK#unbiased} on 0/1 rewards. */
  public static double estimate(double[] g, int k) {
    Rewards.requireUsable(g, k);
    double[] sorted = g.clone();
    Arrays.sort(sorted);
    double[] w = topWeights(sorted.length, k);
    double sum = 0.0;
    for (int r = 0; r < sorted.length; r++) {
      sum += w[r] * sorted[r];
    }
    return sum;
  }

  /** s_i for every sample, in the input order. sum_i s_i = k rho_g. */
  public static double[] sampleWeights(double[] g, int k) {
    Rewards.requireUsable(g, k);
    int n = g.length;
    int[] order = ascendingOrder(g);
    double[] w = topWeights(n, k);
    double[] v = sharedWeights(n, k);
    double[] s = new double[n];
    double above = 0.0; // sum_{j > i} C(j-2,k-2)/C(n,k) g_(j)
    for (int r = n - 1; r >= 0; r--) {
      double value = g[order[r]];
      s[order[r]] = w[r] * value + above;
      above += v[r] * value;
    }
    return s;
  }

  /**
   * For every sample i, the max_g@m estimate rho_g(n-1, m) of the other n-1 rewards, in input
   * order, for 0 &lt;= m &lt;= n-1 (m = 0 gives 0: the max over an empty set is taken as 0). With
   * ranks j of the sorted list and a_j = C(j-1,m-1)/C(n-1,m):
   * <pre>
   *   rho_g(g without rank i) = sum_{j&lt;i} a_j g_(j) + sum_{j&gt;i} a_{j-1} g_(j)
   * </pre>
   * (ranks above i move down by one), computed with a prefix and a suffix sum.
   */
  public static double[] leaveOneOutEstimates(double[] g, int m) {
    int n = g.length;
    if (m < 0 || m > n - 1) {
      throw new IllegalArgumentException(
          "leave-one-out max_g@" + m + " needs 0 <= m <= n-1 = " + (n - 1));
    }
    double[] result = new double[n];
    if (m == 0) {
      return result;
    }
    int[] order = ascendingOrder(g);
    double[] a = topWeights(n - 1, m); // a[j] for 0-based rank j of the n-1 remaining values
    double[] below = new double[n + 1]; // below[r] = sum_{j<r} a_j g_(j)
    for (int r = 0; r < n; r++) {
      below[r + 1] = below[r] + (r < n - 1 ? a[r] * g[order[r]] : 0.0);
    }
    double above = 0.0; // sum_{j>r} a_{j-1} g_(j)
    for (int r = n - 1; r >= 0; r--) {
      result[order[r]] = below[r] + above;
      above += r >= 1 ? a[r - 1] * g[order[r]] : 0.0;
    }
    return result;
  }

  /** 0-based rank r holds C(r, k-1) / C(n, k), i.e. C(i-1,k-1)/C(n,k) for 1-based i = r+1. */
  static double[] topWeights(int n, int k) {
    double[] w = new double[n];
    w[n - 1] = (double) k / n;
    for (int i = n; i >= 2; i--) { // 1-based: w_{i-1} = w_i (i-k)/(i-1)
      w[i - 2] = w[i - 1] * Math.max(0, i - k) / (i - 1);
    }
    return w;
  }

  /** 0-based rank r holds C(r-1, k-2) / C(n, k), i.e. C(j-2,k-2)/C(n,k) for 1-based j = r+1. */
  private static double[] sharedWeights(int n, int k) {
    double[] v = new double[n];
    if (k < 2) {
      return v;
    }
    v[n - 1] = (double) k * (k - 1) / ((double) n * (n - 1));
    for (int j = n; j >= 3; j--) { // 1-based: v_{j-1} = v_j (j-k)/(j-2)
      v[j - 2] = v[j - 1] * Math.max(0, j - k) / (j - 2);
    }
    return v;
  }

  private static int[] ascendingOrder(double[] g) {
    return IntStream.range(0, g.length).boxed()
        .sorted(Comparator.comparingDouble(i -> g[i]))
        .mapToInt(Integer::intValue).toArray();
  }
}
