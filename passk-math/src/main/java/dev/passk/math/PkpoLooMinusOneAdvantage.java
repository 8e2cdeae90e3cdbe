package dev.passk.math;

/**
 * {@code pkpo-loo1}: PKPO's "k-1" baseline, the lowest-variance variant in the paper; works for k = n.
 * <pre>
 *   s_i^(loo-1) = (1/C(n,k)) sum_{|I|=k, i in I} [ max_{j in I} g_j - max_{b in I\i} g_b ]
 *               = s_i - (k/n) rho_g(n-1, k-1; g without i)
 * </pre>
 * (each k-subset holding i contributes a (k-1)-subset of the others, and every such subset appears
 * once; C(n-1,k-1)/C(n,k) = k/n). Unbiased for grad max_g@k. At k = 1 the subsets I\i are empty, the
 * baseline is 0 and this equals {@code pkpo}.
 */
public final class PkpoLooMinusOneAdvantage implements AdvantageEstimator {

  @Override
  public String name() {
    return "pkpo-loo1";
  }

  @Override
  public double[] advantages(double[] rewards, int k) {
    Rewards.requireUsable(rewards, k);
    return PkpoBaselines.subtract(MaxAtK.sampleWeights(rewards, k),
        MaxAtK.leaveOneOutEstimates(rewards, k - 1), (double) k / rewards.length);
  }
}
