package dev.passk.math;

/**
 * {@code pkpo}: PKPO's per-sample weights without a baseline, A_i = s_i (binary: the effective
 * rewards of {@link PkpoBinary}; continuous: {@link MaxAtK#sampleWeights}).
 * Unbiased: E[sum_i A_i grad log pi(y_i)] = grad max_g@k (= k (1-p)^(k-1) grad p for 0/1 rewards).
 */
public final class PkpoAdvantage implements AdvantageEstimator {

  @Override
  public String name() {
    return "pkpo";
  }

  @Override
  public double[] advantages(double[] rewards, int k) {
    Rewards.requireUsable(rewards, k);
    return Rewards.isBinary(rewards)
        ? PkpoBinary.effectiveRewards(rewards, k)
        : MaxAtK.sampleWeights(rewards, k);
  }
}
