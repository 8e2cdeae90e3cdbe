package dev.passk.verifiers;

import java.util.Objects;

/**
 * What a verifier scores: one completion of one prompt.
 *
 * @param prompt the prompt the completion answers (empty when unknown; most verifiers ignore it)
 * @param answer the reference answer or, for verifiers such as program execution, the spec (test cases)
 * @param completion the policy's completion, untrusted and of any length
 */
public record VerificationRequest(String prompt, String answer, String completion) {

  public VerificationRequest {
    Objects.requireNonNull(prompt, "prompt (use \"\" when there is none)");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(completion, "completion");
  }

  /** A request without a prompt. */
  public static VerificationRequest of(String answer, String completion) {
    return new VerificationRequest("", answer, completion);
  }
}
