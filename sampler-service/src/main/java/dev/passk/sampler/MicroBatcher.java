package dev.passk.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** Packs items, in order, into consecutive groups whose summed cost stays within a budget. */
public final class MicroBatcher {

  private MicroBatcher() {}

  /**
   * Greedy packing in arrival order: a group is closed when the next item would push it over
   * {@code budget}; an item that alone exceeds the budget forms a group of its own.
   */
  public static <T> List<List<T>> pack(List<T> items, ToLongFunction<T> cost, long budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("the micro-batch budget must be >= 1, got " + budget);
    }
    List<List<T>> groups = new ArrayList<>();
    List<T> group = new ArrayList<>();
    long used = 0;
    for (T item : items) {
      long c = cost.applyAsLong(item);
      if (!group.isEmpty() && used + c > budget) {
        groups.add(group);
        group = new ArrayList<>();
        used = 0;
      }
      group.add(item);
      used += c;
    }
    if (!group.isEmpty()) {
      groups.add(group);
    }
    return groups;
  }
}
