package dev.passk.math;

/**
 * {@code pkpo-loo}: PKPO's weights with a leave-one-out baseline; needs k &lt; n.
 * <pre>
 *   s_i^(loo) = (1/C(n,k)) sum_{|I|=k, i in I} [ max_{j in I} g_j - rho_g(n-1, k; g without i) ]
 *             = s_i - (k/n) rho_g(n-1, k; g without i)
 * </pre>
 * The baseline of sample i is the unbiased max_g@k estimate of the other n-1 samples, so it does not
 * depend on y_i and the estimator stays unbiased for grad max_g@k; at k = 1 it is RLOO.
 * (A public re-implementation of the paper's eq. 29 scales this baseline by k/(n-1) instead of k/n;
 * both are unbiased. We keep k/n, the per-subset form above, which reduces to RLOO at k = 1.)
 */
public final class PkpoLooAdvantage implements AdvantageEstimator {

  @Override
  public String name() {
    return "pkpo-loo";
  }

  @Override
  public double[] advantages(double[] rewards, int k) {
    Rewards.requireUsable(rewards, k);
    int n = rewards.length;
    if (k >= n) {
      throw new IllegalArgumentException("pkpo-loo needs k < n (got k = " + k + ", n = " + n
          + "): its baseline estimates max@k from the other n-1 samples; use pkpo-loo1 for k = n");
    }
    return PkpoBaselines.subtract(MaxAtK.sampleWeights(rewards, k),
        MaxAtK.leaveOneOutEstimates(rewards, k), (double) k / n);
  }
}
