package dev.passk.math;

/** s_i - scale * b_i, the shared last step of the baselined PKPO estimators. */
final class PkpoBaselines {

  private PkpoBaselines() {}

  static double[] subtract(double[] weights, double[] baselines, double scale) {
    double[] result = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      result[i] = weights[i] - scale * baselines[i];
    }
    return result;
  }
}
