package dev.passk.math;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Builds an {@link InterferenceReport} from inner products of per-prompt gradient estimates, so the
 * learner can compute the vectors g(x) wherever it likes (e.g. natively in DJL) and hand over only
 * the B x B Gram matrix G[x][x'] = <g(x), g(x')>.
 *
 * <p>Inputs: p_hat(x) and G (required); optionally the split-half self-kernels
 * <g_a(x), g_b(x)> from two independent halves of a prompt's samples (unbiased for
 * kappa(x, x) = ||grad p(x)||^2), and <g(x), u> for the update u actually applied.
 *
 * <p>Estimators (notes section 4). With w(x) = w_k(p_hat(x)):
 * <pre>
 *   without self-kernels (prompts are i.i.d. draws from D; pairs x != x' only, U-statistics):
 *     a_hat(x)            = (1/(B-1)) sum_{x' != x} G[x][x']                    (leave-one-out)
 *     &lt;u, v&gt; pairs mean = (1/(B(B-1))) sum_{x != x'} u(x) v(x') G[x][x']
 *   with self-kernels (the B prompts are the distribution; K = G with its diagonal replaced):
 *     a_hat(x)            = (1/B) sum_{x'} K[x][x']
 *     &lt;u, v&gt; pairs mean = (1/B^2) sum_{x, x'} u(x) v(x') K[x][x']
 *   then
 *     &lt;grad J_k, grad J_1&gt; = (1/B) sum_x w(x) a_hat(x)  = pairs mean of (w, 1)   (gradient conflict identity)
 *     ||grad J_1||^2 = pairs mean of (1, 1);   ||grad J_k||^2 = pairs mean of (w, w)
 *     predicted change of J_1 = (1/B) sum_x &lt;g(x), u&gt;
 * </pre>
 * Both forms are unbiased for their target when g(x) is unbiased for grad p(x) and w is exact; the
 * plug-in w_k(p_hat) adds a bias of order 1/n. The plain diagonal G[x][x] = ||g(x)||^2 is never used:
 * it carries the sampling noise of g(x).
 */
public final class InterferenceDiagnostics {

  private double[] successRates;
  private double[][] gram;
  private int k;
  private double[] selfKernels;
  private double[] updateProducts;

  private InterferenceDiagnostics() {}

  public static InterferenceDiagnostics builder() {
    return new InterferenceDiagnostics();
  }

  /** p_hat(x) for each of the B prompts. */
  public InterferenceDiagnostics setSuccessRates(double[] pHat) {
    this.successRates = pHat.clone();
    return this;
  }

  /** G[x][x'] = <g(x), g(x')>, symmetric B x B. */
  public InterferenceDiagnostics setGram(double[][] gram) {
    this.gram = Arrays.stream(gram).map(double[]::clone).toArray(double[][]::new);
    return this;
  }

  /** The k of pass@k; the curve covers 1..k. */
  public InterferenceDiagnostics setK(int k) {
    this.k = k;
    return this;
  }

  /** <g_a(x), g_b(x)> from two independent halves of each prompt's samples. */
  public InterferenceDiagnostics optSplitHalfSelfKernels(double[] selfKernels) {
    this.selfKernels = selfKernels.clone();
    return this;
  }

  /** <g(x), u> for the update u that was applied (u includes the step size). */
  public InterferenceDiagnostics optUpdateProducts(double[] gradientDotUpdate) {
    this.updateProducts = gradientDotUpdate.clone();
    return this;
  }

  /** Validates the inputs and computes the report. */
  public InterferenceReport build() {
    int b = validate();
    double[] ones = new double[b];
    Arrays.fill(ones, 1.0);
    double[] agreements = agreements(b);
    double[] curve = new double[k];
    for (int kk = 1; kk <= k; kk++) {
      curve[kk - 1] = mean(multiply(weights(kk), agreements));
    }
    double[] w = weights(k);
    double normKSquared = pairsMean(w, w);
    double norm1Squared = pairsMean(ones, ones);
    double cosine = normKSquared > 0 && norm1Squared > 0
        ? curve[k - 1] / Math.sqrt(normKSquared * norm1Squared) : Double.NaN;
    return new InterferenceReport(k, list(successRates), list(w), list(agreements),
        negativeShare(agreements), negativeWeightMass(agreements, w), curve[k - 1], cosine,
        Math.sqrt(Math.max(0, normKSquared)), Math.sqrt(Math.max(0, norm1Squared)), list(curve),
        thresholdK(curve),
        updateProducts == null ? OptionalDouble.empty() : OptionalDouble.of(mean(updateProducts)),
        selfKernels != null);
  }

  private double[] agreements(int b) {
    double[] a = new double[b];
    for (int x = 0; x < b; x++) {
      double others = 0.0;
      for (int y = 0; y < b; y++) {
        others += y == x ? 0.0 : gram[x][y];
      }
      a[x] = selfKernels == null ? others / (b - 1) : (others + selfKernels[x]) / b;
    }
    return a;
  }

  /** (1/#pairs) sum over the pairs in use of u(x) v(x') kernel(x, x'). */
  private double pairsMean(double[] u, double[] v) {
    int b = u.length;
    double sum = 0.0;
    for (int x = 0; x < b; x++) {
      for (int y = 0; y < b; y++) {
        if (x != y) {
          sum += u[x] * v[y] * gram[x][y];
        }
      }
      sum += selfKernels == null ? 0.0 : u[x] * v[x] * selfKernels[x];
    }
    return selfKernels == null ? sum / ((double) b * (b - 1)) : sum / ((double) b * b);
  }

  private double[] weights(int kk) {
    return Arrays.stream(successRates).map(p -> PassAtK.gradientWeight(p, kk)).toArray();
  }

  private static double negativeShare(double[] agreements) {
    return (double) Arrays.stream(agreements).filter(a -> a < 0).count() / agreements.length;
  }

  private static double negativeWeightMass(double[] agreements, double[] w) {
    double total = 0.0;
    double negative = 0.0;
    for (int x = 0; x < w.length; x++) {
      total += w[x];
      negative += agreements[x] < 0 ? w[x] : 0.0;
    }
    return total == 0.0 ? 0.0 : negative / total;
  }

  private static OptionalInt thresholdK(double[] curve) {
    for (int kk = 1; kk <= curve.length; kk++) {
      if (curve[kk - 1] < 0) {
        return OptionalInt.of(kk);
      }
    }
    return OptionalInt.empty();
  }

  private int validate() {
    if (successRates == null || gram == null) {
      throw new IllegalStateException("setSuccessRates and setGram are required");
    }
    int b = successRates.length;
    if (b < 2) {
      throw new IllegalArgumentException("interference needs at least 2 prompts, got " + b);
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    for (double p : successRates) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("success rates must lie in [0, 1], got " + p);
      }
    }
    if (gram.length != b) {
      throw new IllegalArgumentException("Gram matrix has " + gram.length + " rows for " + b + " prompts");
    }
    for (int x = 0; x < b; x++) {
      if (gram[x].length != b) {
        throw new IllegalArgumentException("Gram row " + x + " has " + gram[x].length + " entries, expected " + b);
      }
      for (int y = 0; y < x; y++) {
        if (Math.abs(gram[x][y] - gram[y][x]) > 1e-9 * (Math.abs(gram[x][y]) + Math.abs(gram[y][x]) + 1e-300)) {
          throw new IllegalArgumentException("Gram matrix is not symmetric at (" + x + ", " + y + ")");
        }
      }
    }
    requireLength(selfKernels, b, "split-half self-kernels");
    requireLength(updateProducts, b, "update products");
    return b;
  }

  private static void requireLength(double[] values, int b, String what) {
    if (values != null && values.length != b) {
      throw new IllegalArgumentException(what + " have " + values.length + " entries for " + b + " prompts");
    }
  }

  private static double[] multiply(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] * b[i];
    }
    return c;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).sum() / values.length;
  }

  private static List<Double> list(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
