package dev.passk.math;

/**
 * The pass@k objective, its per-prompt gradient weight, and its unbiased estimator from n samples.
 *
 * <pre>
 *   pass@k(p)  = 1 - (1 - p)^k                                   (objective of one prompt)
 *   w_k(p)     = d pass@k / d p = k (1 - p)^(k-1)                 (so grad J_k = E_x[w_k(p) grad p])
 *   rho(n,c,k) = 1 - C(n-c, k) / C(n, k)                          (Chen et al. 2021, unbiased)
 *              = 1 - prod_{i=n-c+1}^{n} (1 - k / i),  and 1 when n - c &lt; k
 * </pre>
 *
 * The product form never forms a binomial, so it is exact to rounding for n up to thousands.
 */
public final class PassAtK {

  private PassAtK() {}

  /** pass@k(p) = 1 - (1-p)^k for a prompt whose success probability is p. */
  public static double objective(double p, int k) {
    return 1.0 - Math.pow(1.0 - p, k);
  }

  /** w_k(p) = k (1-p)^(k-1): the weight of grad p(x) in grad J_k (w_1 = 1). */
  public static double gradientWeight(double p, int k) {
    return k == 1 ? 1.0 : k * Math.pow(1.0 - p, k - 1);
  }

  /**
   * rho(n, c, k) = 1 - prod_{i=n-c+1}^{n} (1 - k/i): the unbiased pass@k estimate from n samples
   * with c correct. k = 0 is allowed and gives 0 (no attempt never passes).
   */
  public static double unbiased(int n, int c, int k) {
    if (n < 0 || c < 0 || c > n) {
      throw new IllegalArgumentException("need 0 <= c <= n, got n = " + n + ", c = " + c);
    }
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("k = " + k + " must be between 0 and n = " + n);
    }
    if (n - c < k) {
      return 1.0;
    }
    double allWrong = 1.0; // C(n-c, k) / C(n, k)
    for (int i = n - c + 1; i <= n; i++) {
      allWrong *= 1.0 - (double) k / i;
    }
    return 1.0 - allWrong;
  }

  /**
   * The unbiased pass@k estimate of one prompt's rewards: rho(n, c, k) for binary rewards, and
   * PKPO's max_g@k estimate {@link MaxAtK#estimate} for continuous ones (the two agree on 0/1).
   */
  public static double estimate(double[] rewards, int k) {
    Rewards.requireUsable(rewards, k);
    return Rewards.isBinary(rewards)
        ? unbiased(rewards.length, Rewards.countCorrect(rewards), k)
        : MaxAtK.estimate(rewards, k);
  }
}
