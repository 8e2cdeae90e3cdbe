package dev.passk.training;

import java.util.OptionalLong;

/**
 * The id a dispatched prompt carries on the topics: the task's id and the prompt's index in the run's
 * stream, {@code <task id>@<index>}. Unique per index even where a task repeats its prompts (a JSONL
 * file re-read in a second epoch), and the index is recoverable from the id alone.
 */
public final class PromptIds {

  private PromptIds() {}

  public static String of(String taskPromptId, long index) {
    return taskPromptId + "@" + index;
  }

  /** The stream index of a dispatched prompt id. */
  public static long index(String promptId) {
    return indexOf(promptId).orElseThrow(() ->
        new IllegalArgumentException("prompt id '" + promptId + "' has no '@<index>' suffix"));
  }

  /** The stream index of a prompt id; empty for an id that has no {@code @<index>} suffix. */
  public static OptionalLong indexOf(String promptId) {
    int at = promptId.lastIndexOf('@');
    if (at < 0) {
      return OptionalLong.empty();
    }
    try {
      long index = Long.parseLong(promptId.substring(at + 1));
      return index < 0 ? OptionalLong.empty() : OptionalLong.of(index);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
