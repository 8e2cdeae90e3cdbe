package dev.passk.math;

/**
 * Turns one prompt's n rewards into per-sample advantages A_i for a policy-gradient update.
 *
 * <p>Convention shared by every implementation: the per-prompt gradient estimate is the SUM
 * <pre>
 *   g(x) = sum_{i=1}^{n} A_i grad log pi(y_i | x)
 * </pre>
 * (not the mean), so that for the unbiased estimators E[g(x)] is exactly grad pass@k(x) =
 * k (1-p)^(k-1) grad p(x). A learner's loss for a batch of B prompts is then
 * -(1/B) sum_x sum_i A_i log pi(y_i | x). Each implementation's Javadoc says what E[g(x)] is.
 * Choose one by name with {@link AdvantageEstimators#byName}.
 */
public interface AdvantageEstimator {

  /** The name users pass, e.g. {@code pkpo-loo1}. */
  String name();

  /**
   * @param rewards one prompt's n rewards (finite; 0/1 unless the estimator accepts continuous ones)
   * @param k the k of pass@k, 1 &lt;= k &lt;= n (see each estimator for tighter limits)
   * @return A_1..A_n in the order of {@code rewards}
   * @throws IllegalArgumentException with a message saying what to fix
   */
  double[] advantages(double[] rewards, int k);
}
