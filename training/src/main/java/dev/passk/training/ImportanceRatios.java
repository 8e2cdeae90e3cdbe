package dev.passk.training;

/**
 * Truncated importance ratios for samples drawn by an older policy (truncated IS as in IMPALA's
 * V-trace, Espeholt et al. 2018, and TIS in asynchronous LLM RL):
 * <pre>
 *   rho_i = min(cap, exp(log pi_current(y_i | x) - log pi_sampling(y_i | x)))
 * </pre>
 * with sequence log-probs (sums over completion tokens), both at the sampling temperature.
 */
final class ImportanceRatios {

  private ImportanceRatios() {}

  /** rho_i per sample; all 1 when {@code cap <= 0} (disabled). */
  static double[] truncated(double[] current, double[] sampling, double cap) {
    if (current.length != sampling.length) {
      throw new IllegalArgumentException(current.length + " current log-probs for "
          + sampling.length + " sampling log-probs");
    }
    double[] ratios = new double[current.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = cap <= 0 ? 1.0 : Math.min(cap, Math.exp(current[i] - sampling[i]));
    }
    return ratios;
  }
}
