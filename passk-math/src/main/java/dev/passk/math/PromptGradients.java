package dev.passk.math;

import java.util.Arrays;

/**
 * The plain reference path from explicit vectors: per-sample score vectors grad log pi(y_i | x)
 * and rewards to the per-prompt gradient estimate, its split halves, and the Gram matrix that
 * {@link InterferenceDiagnostics} takes. Fine for small parameter vectors and tests; a large model
 * computes the same inner products natively.
 * <pre>
 *   g(x) = (1/n) sum_i (r_i - b_i) grad log pi(y_i | x),  b_i = (1/(n-1)) sum_{j != i} r_j
 * </pre>
 * i.e. the {@code pass1} advantages ({@link Pass1LooAdvantage}) summed against the scores; unbiased
 * for grad p(x).
 */
public final class PromptGradients {

  private PromptGradients() {}

  /**
   * @param scores n x d, row i = grad log pi(y_i | x)
   * @param rewards n rewards
   * @return g(x), length d
   */
  public static double[] estimate(double[][] scores, double[] rewards) {
    if (scores.length != rewards.length) {
      throw new IllegalArgumentException(scores.length + " score vectors for " + rewards.length + " rewards");
    }
    double[] advantages = new Pass1LooAdvantage().advantages(rewards, 1);
    double[] g = new double[scores[0].length];
    for (int i = 0; i < scores.length; i++) {
      for (int j = 0; j < g.length; j++) {
        g[j] += advantages[i] * scores[i][j];
      }
    }
    return g;
  }

  /**
   * <g_a(x), g_b(x)> with g_a from the first floor(n/2) samples and g_b from the rest, each with
   * its own leave-one-out baseline: independent halves, so unbiased for ||grad p(x)||^2. Needs n &gt;= 4.
   */
  public static double splitHalfSelfKernel(double[][] scores, double[] rewards) {
    int half = rewards.length / 2;
    if (half < 2) {
      throw new IllegalArgumentException("split halves need at least 4 samples, got " + rewards.length);
    }
    double[] a = estimate(Arrays.copyOfRange(scores, 0, half), Arrays.copyOfRange(rewards, 0, half));
    double[] b = estimate(Arrays.copyOfRange(scores, half, scores.length),
        Arrays.copyOfRange(rewards, half, rewards.length));
    return dot(a, b);
  }

  /** G[x][x'] = <g(x), g(x')> for B vectors. */
  public static double[][] gram(double[][] gradients) {
    int b = gradients.length;
    double[][] gram = new double[b][b];
    for (int x = 0; x < b; x++) {
      for (int y = x; y < b; y++) {
        gram[x][y] = dot(gradients[x], gradients[y]);
        gram[y][x] = gram[x][y];
      }
    }
    return gram;
  }

  public static double dot(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of length " + a.length + " and " + b.length);
    }
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
