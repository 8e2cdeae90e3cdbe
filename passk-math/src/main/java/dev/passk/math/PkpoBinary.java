package dev.passk.math;

/**
 * PKPO's effective rewards for binary rewards (Walder &amp; Karkhanis 2025), closed form of
 * {@link MaxAtK#sampleWeights} on 0/1 rewards, O(n):
 * <pre>
 *   r_i = k/n                         if sample i is correct
 *   r_i = (k/n) rho(n-1, c, k-1)      if sample i is incorrect
 * </pre>
 * A correct sample is the max of every k-subset that holds it (C(n-1,k-1)/C(n,k) = k/n of them);
 * an incorrect one scores only in the subsets whose other k-1 members hold a correct sample.
 */
public final class PkpoBinary {

  private PkpoBinary() {}

  /** r_i as above; rewards must be 0 or 1. sum_i r_i grad log pi(y_i) is unbiased for grad pass@k. */
  public static double[] effectiveRewards(double[] rewards, int k) {
    Rewards.requireUsable(rewards, k);
    if (!Rewards.isBinary(rewards)) {
      throw new IllegalArgumentException("binary PKPO needs rewards that are 0 or 1; use MaxAtK for others");
    }
    int n = rewards.length;
    int c = Rewards.countCorrect(rewards);
    double correct = (double) k / n;
    // an incorrect sample leaves c correct among the other n-1 (none exists when c = n)
    double incorrect = c < n ? correct * PassAtK.unbiased(n - 1, c, k - 1) : 0.0;
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = rewards[i] == 1.0 ? correct : incorrect;
    }
    return r;
  }
}
