package dev.passk.cli.interference;

import dev.passk.policy.SamplingSettings;
import java.util.List;
import java.util.Optional;

/**
 * What one fixed-checkpoint diagnostic draws and measures.
 *
 * @param prompts P, prompts 0..P-1 of the task's stream {@code seed}
 * @param samples n completions per prompt; at least 4 (two split halves with a leave-one-out
 *     baseline each)
 * @param ks the k values reported; each in 1..n (w_k(p_hat) from n samples); the curve covers
 *     1..max(ks)
 * @param seed selects the prompts and the sampling noise
 * @param sampling how completions are drawn
 * @param parameters which parameters the gradients cover
 * @param projectionDimension compress each gradient to this many coordinates with a seeded
 *     CountSketch (unbiased inner products); 0 keeps the exact vectors
 * @param mixture keep only the paper's easy/hard prompt set D_{d1,d2}; empty keeps every prompt
 */
public record DiagnosticSettings(
    int prompts, int samples, List<Integer> ks, long seed, SamplingSettings sampling,
    ParameterSelection parameters, int projectionDimension, Optional<Mixture> mixture) {

  /**
   * The paper's D_{d1,d2}: easy prompts with p_hat &gt; d1 and hard prompts with p_hat &lt; d2.
   */
  public record Mixture(double easyAbove, double hardBelow) {

    public Mixture {
      if (!(0 <= hardBelow && hardBelow <= easyAbove && easyAbove <= 1)) {
        throw new IllegalArgumentException("a mixture d1,d2 needs 0 <= d2 <= d1 <= 1, got d1 = "
            + easyAbove + ", d2 = " + hardBelow + " (e.g. 0.8,0.1)");
      }
    }
  }

  public DiagnosticSettings {
    ks = List.copyOf(ks);
    if (prompts < 2) {
      throw new IllegalArgumentException("need at least 2 prompts, got " + prompts);
    }
    if (samples < 4) {
      throw new IllegalArgumentException("need at least 4 samples per prompt (two split halves with "
          + "a leave-one-out baseline each), got " + samples);
    }
    if (ks.isEmpty()) {
      throw new IllegalArgumentException("need at least one k");
    }
    for (int k : ks) {
      if (k < 1 || k > samples) {
        throw new IllegalArgumentException("k = " + k + " is outside 1.." + samples
            + ": pass@k is estimated from the n = " + samples + " samples per prompt, so k must be"
            + " <= n (raise the samples or lower k)");
      }
    }
    if (projectionDimension < 0) {
      throw new IllegalArgumentException(
          "projection dimension must be >= 0 (0: no projection), got " + projectionDimension);
    }
  }

  /** The largest k: the curve k -> &lt;g_k, g_1&gt; covers 1..maxK. */
  public int maxK() {
    return ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }
}
