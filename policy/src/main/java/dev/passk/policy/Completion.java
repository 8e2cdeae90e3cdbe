package dev.passk.policy;

/**
 * One sampled completion.
 *
 * @param tokenIds the sampled ids, ending with the stop token when {@code finishReason} is STOP
 * @param text the decoded completion without special tokens
 * @param tokenLogprobs log pi(token | prefix) of each sampled id under the sampling temperature
 *     (top-p truncation is not part of it), as {@link Policy#logprobs} recomputes it
 * @param logprob the sum of {@code tokenLogprobs}
 * @param finishReason why sampling ended
 */
public record Completion(
    long[] tokenIds, String text, double[] tokenLogprobs, double logprob,
    FinishReason finishReason) {

  /** Why a completion ended. */
  public enum FinishReason {
    /** A stop token was sampled. */
    STOP,
    /** maxNewTokens (or the model's context) was reached first. */
    LENGTH
  }
}
