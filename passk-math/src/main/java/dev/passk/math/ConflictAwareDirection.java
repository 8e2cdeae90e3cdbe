package dev.passk.math;

/**
 * Two rules that combine the pass@k and pass@1 gradients g_k and g_1 so a pass@k step does not
 * lower pass@1 to first order (science notes section 6), as pure functions.
 */
public final class ConflictAwareDirection {

  private ConflictAwareDirection() {}

  /**
   * Adaptive k: the largest k in 1..K with <g_k, g_1> &gt;= 0, given curve[k-1] = <g_k, g_1>
   * (e.g. {@link InterferenceReport#innerProductCurve}). Returns 1 when none is &gt;= 0, which only
   * an estimate can produce (exactly, <g_1, g_1> &gt;= 0).
   */
  public static int adaptiveK(double[] curve) {
    for (int k = curve.length; k >= 2; k--) {
      if (curve[k - 1] >= 0) {
        return k;
      }
    }
    return 1;
  }

  /**
   * PCGrad-style projection: c such that the direction is g_k - c g_1, with
   * c = <g_k, g_1> / ||g_1||^2 when the inner product is negative and 0 otherwise. Then
   * <g_k - c g_1, g_1> = max(0, <g_k, g_1>). For learners that hold only inner products.
   */
  public static double projectionCoefficient(double innerProduct, double pass1NormSquared) {
    return innerProduct < 0 && pass1NormSquared > 0 ? innerProduct / pass1NormSquared : 0.0;
  }

  /** g_k - (<g_k, g_1> / ||g_1||^2) g_1 when <g_k, g_1> &lt; 0, else g_k (a copy). */
  public static double[] project(double[] gk, double[] g1) {
    double c = projectionCoefficient(PromptGradients.dot(gk, g1), PromptGradients.dot(g1, g1));
    double[] direction = new double[gk.length];
    for (int i = 0; i < gk.length; i++) {
      direction[i] = gk[i] - c * g1[i];
    }
    return direction;
  }
}
