package dev.passk.tasks;

import java.util.Objects;
import java.util.Optional;

/**
 * One verifiable prompt.
 *
 * @param id stable identifier, unique within a task and seed (used as the Kafka key)
 * @param text what the policy is conditioned on
 * @param answer the reference answer the verifier compares a completion with
 * @param verifier the name of the verifier that scores completions of this prompt
 * @param latent the hidden easy/hard label and feature of an interference-benchmark prompt; empty
 *     for every other task
 */
public record Prompt(String id, String text, String answer, String verifier, Optional<Latent> latent) {

  public Prompt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(latent, "latent");
  }

  /** A prompt without a latent label. */
  public Prompt(String id, String text, String answer, String verifier) {
    this(id, text, answer, verifier, Optional.empty());
  }

  /**
   * The interference benchmark's hidden state of a prompt (science.md section 2, the paper's toy).
   *
   * @param label easy or hard; decides which answer is right
   * @param feature the scalar feature s(x) before binning
   */
  public record Latent(Difficulty label, double feature) {}

  /** The latent label of an interference-benchmark prompt. */
  public enum Difficulty {
    EASY,
    HARD
  }
}
