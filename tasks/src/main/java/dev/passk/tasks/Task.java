package dev.passk.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * A source of verifiable prompts. Prompt {@code index} under {@code seed} is always the same prompt,
 * so a dispatcher can resume a stream at any index and two runs with one seed see one sequence.
 */
public interface Task {

  /** The name this task is chosen by (see {@link TaskCatalog}). */
  String name();

  /** The {@code index}-th prompt of the stream selected by {@code seed}. */
  Prompt prompt(long seed, long index);

  /** The completion that answers {@code prompt} correctly, for the supervised warm-start. */
  default String demonstration(Prompt prompt) {
    return prompt.answer();
  }

  /** Prompts {@code 0 .. count-1} of the stream selected by {@code seed}. */
  default List<Prompt> prompts(int count, long seed) {
    List<Prompt> prompts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      prompts.add(prompt(seed, i));
    }
    return prompts;
  }

  /** Demonstrations for prompts {@code 0 .. count-1} of the stream selected by {@code seed}. */
  default List<Demonstration> demonstrations(int count, long seed) {
    return prompts(count, seed).stream().map(p -> new Demonstration(p, demonstration(p))).toList();
  }
}
