package dev.passk.policy;

/**
 * A prompt and a completion as token ids: the unit that log-probs, gradients and training take.
 *
 * @param promptIds prompt ids as {@link PolicyTokenizer#encodePrompt} gives them
 * @param completionIds completion ids (the scored part), usually ending with the stop token
 */
public record Sequence(long[] promptIds, long[] completionIds) {

  public Sequence {
    if (promptIds.length == 0) {
      throw new IllegalArgumentException("a prompt needs at least one token");
    }
    if (completionIds.length == 0) {
      throw new IllegalArgumentException("a completion needs at least one token to score");
    }
  }

  int length() {
    return promptIds.length + completionIds.length;
  }
}
