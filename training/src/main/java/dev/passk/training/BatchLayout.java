package dev.passk.training;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The samples of B groups laid out one after another, as the trainer sees them; turns per-group
 * sample coefficients into rows over all samples (zero outside the group) for {@code
 * HeadGradients.combine}.
 */
final class BatchLayout {

  private final int[] offsets; // offsets[x] = index of group x's first sample; offsets[B] = total

  BatchLayout(List<ScoredGroup> groups) {
    offsets = new int[groups.size() + 1];
    for (int x = 0; x < groups.size(); x++) {
      offsets[x + 1] = offsets[x] + groups.get(x).size();
    }
  }

  int groups() {
    return offsets.length - 1;
  }

  int samples() {
    return offsets[groups()];
  }

  int size(int group) {
    return offsets[group + 1] - offsets[group];
  }

  /** Group x's slice of a per-sample array. */
  double[] slice(double[] all, int group) {
    return Arrays.copyOfRange(all, offsets[group], offsets[group + 1]);
  }

  /** Concatenates per-group arrays into one per-sample array. */
  double[] concat(Function<Integer, double[]> perGroup) {
    double[] all = new double[samples()];
    for (int x = 0; x < groups(); x++) {
      double[] values = perGroup.apply(x);
      System.arraycopy(values, 0, all, offsets[x], size(x));
    }
    return all;
  }

  /**
   * One row per group: row x holds {@code coefficients(x)} (length {@code size(x)}, or shorter when
   * {@code from} &gt; 0) at samples start(x)+from.., times {@code scale} there, and 0 elsewhere.
   */
  double[][] rows(Function<Integer, double[]> coefficients, int[] from, double[] scale) {
    double[][] rows = new double[groups()][samples()];
    for (int x = 0; x < groups(); x++) {
      double[] c = coefficients.apply(x);
      int first = offsets[x] + (from == null ? 0 : from[x]);
      for (int i = 0; i < c.length; i++) {
        rows[x][first + i] = c[i] * scale[first + i];
      }
    }
    return rows;
  }
}
