package dev.passk.math;

/**
 * {@code chen}: the analytic group advantages of Pass@k Training (Chen et al. 2025, arXiv
 * 2508.10751), binary rewards only. With N samples of which N_neg are incorrect:
 * <pre>
 *   R     = 1 - C(N_neg, k) / C(N, k)                      = rho(N, c, k)
 *   sigma = sqrt(R (1 - R))
 *   A_pos = (1 - R) / sigma
 *   A_neg = (1 - R - C(N_neg-1, k-1) / C(N-1, k-1)) / sigma = (rho(N-1, c, k-1) - R) / sigma
 * </pre>
 * The paper averages over the group; this interface sums ({@link AdvantageEstimator}), so
 * {@link #advantages} returns A / N. When sigma = 0 (R = 0 or 1) every advantage is 0.
 *
 * <p>Bias: without the 1/sigma the centred advantages {@link #centred} equal (N/k) s_i - R with s_i
 * PKPO's weights, and E[sum_i (N/k s_i - R) grad log pi] = (N/k - 1) grad pass@k: unbiased up to the
 * factor (N-k)/k (zero at k = N). Dividing by the sample-dependent sigma makes it biased, as in GRPO.
 */
public final class ChenPassAtKAdvantage implements AdvantageEstimator {

  @Override
  public String name() {
    return "chen";
  }

  @Override
  public double[] advantages(double[] rewards, int k) {
    double[] paper = paperAdvantages(rewards, k);
    for (int i = 0; i < paper.length; i++) {
      paper[i] /= paper.length;
    }
    return paper;
  }

  /** A_pos / A_neg exactly as in the paper (group-mean convention). */
  public static double[] paperAdvantages(double[] rewards, int k) {
    double[] centred = centred(rewards, k);
    double r = PassAtK.unbiased(rewards.length, Rewards.countCorrect(rewards), k);
    double sigma = Math.sqrt(r * (1.0 - r));
    for (int i = 0; i < centred.length; i++) {
      centred[i] = sigma == 0.0 ? 0.0 : centred[i] / sigma;
    }
    return centred;
  }

  /** The numerators 1 - R (correct) and rho(N-1, c, k-1) - R (incorrect), before dividing by sigma. */
  public static double[] centred(double[] rewards, int k) {
    Rewards.requireUsable(rewards, k);
    if (!Rewards.isBinary(rewards)) {
      throw new IllegalArgumentException(
          "chen needs binary rewards (0 or 1); use pkpo or pkpo-loo1 for continuous rewards");
    }
    int n = rewards.length;
    int c = Rewards.countCorrect(rewards);
    double r = PassAtK.unbiased(n, c, k);
    // an incorrect sample leaves c correct among the other N-1 (none exists when c = N)
    double incorrect = c < n ? PassAtK.unbiased(n - 1, c, k - 1) - r : 0.0;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rewards[i] == 1.0 ? 1.0 - r : incorrect;
    }
    return a;
  }
}
