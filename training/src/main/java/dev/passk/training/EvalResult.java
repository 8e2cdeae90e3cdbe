package dev.passk.training;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Pass@1 and unbiased pass@k on the held-out prompt set.
 *
 * @param prompts number of held-out prompts
 * @param samplesPerPrompt samples drawn per prompt (n)
 * @param pass1 mean fraction correct
 * @param passAtK k -&gt; mean unbiased pass@k (Chen et al. 2021)
 */
public record EvalResult(int prompts, int samplesPerPrompt, double pass1, SortedMap<Integer, Double> passAtK) {

  public EvalResult {
    passAtK = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(passAtK));
  }

  /** pass@k at {@code k}; fails naming the evaluated ks when k was not evaluated. */
  public double passAt(int k) {
    Double value = passAtK.get(k);
    if (value == null) {
      throw new IllegalArgumentException("pass@" + k + " was not evaluated; evaluated k: " + passAtK.keySet());
    }
    return value;
  }
}
