package dev.passk.math;

/**
 * {@code pass1}: the pass@1 objective with a leave-one-out mean baseline (RLOO, Kool et al. 2019;
 * Ahmadian et al. 2024); ignores k and accepts continuous rewards; needs n &gt;= 2.
 * <pre>
 *   A_i = (1/n) ( r_i - (1/(n-1)) sum_{j != i} r_j )
 * </pre>
 * The 1/n makes the sum convention of {@link AdvantageEstimator} give E[sum_i A_i grad log pi(y_i)]
 * = grad p exactly (the baseline does not depend on y_i).
 */
public final class Pass1LooAdvantage implements AdvantageEstimator {

  @Override
  public String name() {
    return "pass1";
  }

  @Override
  public double[] advantages(double[] rewards, int k) {
    Rewards.requireUsable(rewards, 1);
    int n = rewards.length;
    if (n < 2) {
      throw new IllegalArgumentException("pass1 needs at least 2 samples per prompt for its leave-one-out baseline");
    }
    double total = 0.0;
    for (double r : rewards) {
      total += r;
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = (rewards[i] - (total - rewards[i]) / (n - 1)) / n;
    }
    return a;
  }
}
