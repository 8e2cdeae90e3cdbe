package dev.passk.sampler;

import dev.passk.schemas.Prompt;
import dev.passk.tasks.TaskCatalog;
import java.util.Optional;

/**
 * The checks a prompt must pass before it is sampled that need no policy: ids present, a sane
 * number of samples, a text of bounded length, a known task. The policy-dependent check (the
 * prompt fits the model's context) happens when a micro-batch is formed.
 */
public final class PromptCheck {

  private final int maxSamples;
  private final int maxPromptChars;

  public PromptCheck(int maxSamples, int maxPromptChars) {
    this.maxSamples = maxSamples;
    this.maxPromptChars = maxPromptChars;
  }

  /** Why the prompt must not be sampled, or empty when it may be. */
  public Optional<String> problem(Prompt prompt) {
    if (prompt.getRunId().isBlank() || prompt.getPromptId().isBlank()) {
      return Optional.of("malformed prompt: runId and promptId must not be blank (got runId '"
          + prompt.getRunId() + "', promptId '" + prompt.getPromptId() + "')");
    }
    if (prompt.getSamples() < 1) {
      return Optional.of("malformed prompt: samples must be >= 1, got " + prompt.getSamples());
    }
    if (prompt.getSamples() > maxSamples) {
      return Optional.of("oversized prompt: " + prompt.getSamples() + " samples asked, this sampler "
          + "allows at most " + maxSamples + " (passk.sampler.max-samples)");
    }
    if (prompt.getText().length() > maxPromptChars) {
      return Optional.of("oversized prompt: text of " + prompt.getText().length() + " characters, "
          + "this sampler allows at most " + maxPromptChars + " (passk.sampler.max-prompt-chars)");
    }
    String task = taskName(prompt.getTask());
    if (!TaskCatalog.names().contains(task)) {
      return Optional.of("unknown task '" + task + "'; known tasks: " + TaskCatalog.names());
    }
    return Optional.empty();
  }

  /** The task name of a spec such as {@code addition:digits=3}. */
  static String taskName(String spec) {
    int colon = spec.indexOf(':');
    return (colon < 0 ? spec : spec.substring(0, colon)).trim();
  }
}
