package dev.passk.training;

/**
 * One step's importance ratios in summary: per trained sequence the log ratio
 * {@code log pi_current(y_i | x) - log pi_sampling(y_i | x)} (sums over completion tokens, both at
 * the sampling temperature; see {@link ImportanceRatios}). A sample re-scored under the weights that
 * drew it has log ratio 0 up to float rounding, so at a step whose groups are all fresh (staleness
 * 0) any |log ratio| above ~1e-4 means the learner scores another sequence or distribution than
 * the sampler drew.
 *
 * @param meanLogRatio mean log ratio over the step's sequences
 * @param minLogRatio smallest log ratio
 * @param maxLogRatio largest log ratio
 * @param truncatedFraction fraction of sequences whose ratio exceeded the cap and was truncated to it
 *     (0 when the correction is disabled)
 */
public record ImportanceRatioStatistics(
    double meanLogRatio, double minLogRatio, double maxLogRatio, double truncatedFraction) {

  /** The statistics of a step that trained nothing. */
  public static final ImportanceRatioStatistics NONE =
      new ImportanceRatioStatistics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /**
   * @param current log pi_current per sequence
   * @param sampling log pi_sampling per sequence, same order
   * @param cap the truncation cap; &lt;= 0: no truncation
   */
  public static ImportanceRatioStatistics of(double[] current, double[] sampling, double cap) {
    if (current.length != sampling.length || current.length == 0) {
      throw new IllegalArgumentException("need one sampling log-prob per current log-prob and at "
          + "least one, got " + current.length + " and " + sampling.length);
    }
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int truncated = 0;
    for (int i = 0; i < current.length; i++) {
      double logRatio = current[i] - sampling[i];
      sum += logRatio;
      min = Math.min(min, logRatio);
      max = Math.max(max, logRatio);
      truncated += cap > 0 && Math.exp(logRatio) > cap ? 1 : 0;
    }
    return new ImportanceRatioStatistics(sum / current.length, min, max,
        truncated / (double) current.length);
  }

  /** The largest |log ratio|: 0 up to rounding when every sample is re-scored by its own weights. */
  public double maxAbsLogRatio() {
    return Math.max(Math.abs(minLogRatio), Math.abs(maxLogRatio));
  }
}
