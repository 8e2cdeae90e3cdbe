package dev.passk.training;

/**
 * U-statistics over a batch of B prompts drawn i.i.d. from D: for per-prompt vectors a(x), b(x)
 * that are independent across prompts, (1/(B(B-1))) sum_{x != x'} <a(x), b(x')> is unbiased for
 * <E a, E b> (notes section 4); the pairs x = x' are left out because a(x) and b(x) share samples.
 */
final class PairStatistics {

  private PairStatistics() {}

  /** (1/(B(B-1))) sum_{x != x'} cross[x][x'] for a B x B matrix of inner products. */
  static double offDiagonalMean(double[][] cross) {
    int b = cross.length;
    if (b < 2) {
      throw new IllegalArgumentException("pair statistics need at least 2 prompts, got " + b);
    }
    double sum = 0;
    for (int x = 0; x < b; x++) {
      for (int y = 0; y < b; y++) {
        sum += x == y ? 0 : cross[x][y];
      }
    }
    return sum / ((double) b * (b - 1));
  }
}
