package dev.passk.math;

/** Checks on one prompt's reward vector shared by every estimator. */
final class Rewards {

  private Rewards() {}

  /**
   * @throws IllegalArgumentException if the rewards are empty or not finite, or if k is not in [1, n]
   */
  static void requireUsable(double[] rewards, int k) {
    if (rewards == null || rewards.length == 0) {
      throw new IllegalArgumentException("rewards are empty: give at least one sample's reward");
    }
    for (int i = 0; i < rewards.length; i++) {
      if (!Double.isFinite(rewards[i])) {
        throw new IllegalArgumentException("reward " + i + " is " + rewards[i] + ": rewards must be finite numbers");
      }
    }
    if (k < 1 || k > rewards.length) {
      throw new IllegalArgumentException(
          "k = " + k + " must be between 1 and the number of samples n = " + rewards.length);
    }
  }

  /** True when every reward is exactly 0 or 1. */
  static boolean isBinary(double[] rewards) {
    for (double r : rewards) {
      if (r != 0.0 && r != 1.0) {
        return false;
      }
    }
    return true;
  }

  /** c, the number of rewards equal to 1 (for binary rewards). */
  static int countCorrect(double[] rewards) {
    int c = 0;
    for (double r : rewards) {
      if (r == 1.0) {
        c++;
      }
    }
    return c;
  }
}
