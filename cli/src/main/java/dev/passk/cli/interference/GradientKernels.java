package dev.passk.cli.interference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.passk.math.InterferenceDiagnostics;
import dev.passk.math.Pass1LooAdvantage;
import dev.passk.math.PromptGradients;
import java.util.Arrays;
import java.util.List;

/**
 * The inner products {@link InterferenceDiagnostics} takes, computed natively from the gradients of
 * the distinct sampled sequences (science notes section 4; same estimators as the reference
 * {@link PromptGradients}, which the tests compare against):
 * <pre>
 *   g(x)   = sum_i A_i S[row(x, i)],  A = the pass1 leave-one-out advantages of x's n rewards
 *            (A_i = (1/n)(r_i - mean of the others), so g(x) is unbiased for grad p(x))
 *   g_a(x), g_b(x): the same from the first floor(n/2) samples and from the rest, each half with
 *            its own leave-one-out baseline (independent halves)
 *   G[x][x'] = &lt;g(x), g(x')&gt;,   self(x) = &lt;g_a(x), g_b(x)&gt;  (unbiased for ||grad p(x)||^2)
 * </pre>
 * S holds one row per distinct (prompt, completion) token sequence: a sequence drawn several times,
 * by one prompt or by several prompts with the same text, has one gradient, so its row is computed
 * once and its advantages are summed into a B x M coefficient matrix C. Then g = C S and G = g g^T
 * are two matrix products in float64, never a Java loop over parameters.
 */
public final class GradientKernels {

  /**
   * One prompt's samples.
   *
   * @param rows the row of S (distinct sequence) that each of the n samples is
   * @param rewards the n rewards, in sample order
   */
  public record PromptSamples(int[] rows, double[] rewards) {

    public PromptSamples {
      if (rows.length != rewards.length) {
        throw new IllegalArgumentException(rows.length + " rows for " + rewards.length + " rewards");
      }
      if (rows.length < 4) {
        throw new IllegalArgumentException(
            "split halves need at least 4 samples per prompt, got " + rows.length);
      }
    }

    /** True when every reward is the same: then every advantage, so g(x), is exactly 0. */
    public boolean constant() {
      return Arrays.stream(rewards).allMatch(r -> r == rewards[0]);
    }
  }

  /**
   * @param gram G[x][x'] = &lt;g(x), g(x')&gt;, symmetric B x B
   * @param splitHalfSelfKernels &lt;g_a(x), g_b(x)&gt; per prompt
   */
  public record Kernels(double[][] gram, double[] splitHalfSelfKernels) {}

  private GradientKernels() {}

  /**
   * @param sequenceGradients S, (M, d): row m = grad log pi of distinct sequence m; null when M = 0
   *     (every prompt's rewards are constant, so every g(x) is 0)
   * @param prompts the B prompts' samples; their rows index S
   */
  public static Kernels compute(NDArray sequenceGradients, List<PromptSamples> prompts) {
    int b = prompts.size();
    if (sequenceGradients == null) {
      return new Kernels(new double[b][b], new double[b]);
    }
    int m = Math.toIntExact(sequenceGradients.getShape().get(0));
    double[] full = new double[b * m];
    double[] firstHalf = new double[b * m];
    double[] secondHalf = new double[b * m];
    for (int x = 0; x < b; x++) {
      PromptSamples samples = prompts.get(x);
      int n = samples.rewards().length;
      int half = n / 2;
      addAdvantages(full, x * m, samples, 0, n, m);
      addAdvantages(firstHalf, x * m, samples, 0, half, m);
      addAdvantages(secondHalf, x * m, samples, half, n, m);
    }
    try (NDManager manager = sequenceGradients.getManager().newSubManager()) {
      NDArray s = sequenceGradients.toType(DataType.FLOAT64, true); // (M, d)
      s.attach(manager);
      Shape coefficients = new Shape(b, m);
      NDArray g = manager.create(full, coefficients).matMul(s); // (B, d)
      NDArray ga = manager.create(firstHalf, coefficients).matMul(s); // (B, d)
      NDArray gb = manager.create(secondHalf, coefficients).matMul(s); // (B, d)
      double[] flatGram = g.matMul(g.transpose()).toDoubleArray(); // (B, B)
      double[] self = ga.mul(gb).sum(new int[] {1}).toDoubleArray(); // (B)
      return new Kernels(symmetric(flatGram, b), self);
    }
  }

  /** Adds the pass1 advantages of samples [from, to) into row {@code offset} of C (B x M, flat). */
  private static void addAdvantages(
      double[] c, int offset, PromptSamples samples, int from, int to, int m) {
    double[] advantages = new Pass1LooAdvantage()
        .advantages(Arrays.copyOfRange(samples.rewards(), from, to), 1);
    for (int i = from; i < to; i++) {
      int row = samples.rows()[i];
      if (row < 0 || row >= m) {
        throw new IllegalArgumentException("sample row " + row + " outside S's " + m + " rows");
      }
      c[offset + row] += advantages[i - from];
    }
  }

  /** The B x B matrix of a row-major array, averaged with its transpose (BLAS rounding differs). */
  private static double[][] symmetric(double[] flat, int b) {
    double[][] gram = new double[b][b];
    for (int x = 0; x < b; x++) {
      for (int y = 0; y < b; y++) {
        gram[x][y] = (flat[x * b + y] + flat[y * b + x]) / 2;
      }
    }
    return gram;
  }
}
