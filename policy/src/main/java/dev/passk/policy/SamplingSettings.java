package dev.passk.policy;

import java.util.Set;

/**
 * How completions are drawn.
 *
 * @param temperature softmax temperature; 0 is greedy decoding
 * @param topP nucleus sampling: draw from the smallest set of tokens whose probability reaches
 *     {@code topP}; 1 disables it
 * @param maxNewTokens the most tokens a completion may have, the stop token included
 * @param extraStopTokens ids that end a completion besides the checkpoint's eos_token_id(s)
 */
public record SamplingSettings(
    double temperature, double topP, int maxNewTokens, Set<Long> extraStopTokens) {

  public SamplingSettings {
    if (!(temperature >= 0)) {
      throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
    }
    extraStopTokens = Set.copyOf(extraStopTokens);
  }

  public SamplingSettings(double temperature, double topP, int maxNewTokens) {
    this(temperature, topP, maxNewTokens, Set.of());
  }

  /** Greedy decoding of at most {@code maxNewTokens} tokens. */
  public static SamplingSettings greedy(int maxNewTokens) {
    return new SamplingSettings(0, 1, maxNewTokens);
  }
}
