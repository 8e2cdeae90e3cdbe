package dev.passk.training;

import java.util.Collection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * The prompts a run has trained, by stream index: every index below {@code below}, and the indices
 * in {@code above} (sorted, each greater than {@code below}). Prompts are dispatched in index order
 * and each is trained once, so the indices above the watermark are those trained while an earlier
 * one was still out: their number stays that of the prompts in flight, however long the run, and a
 * checkpoint or a step's ledger costs the same at step 10 and at step 100,000.
 *
 * <p>Normalised on construction: indices below the watermark are dropped and the watermark moves
 * up over the indices it reaches, so equal sets have equal records.
 */
public record TrainedPrompts(long below, List<Long> above) {

  public static final TrainedPrompts NONE = new TrainedPrompts(0, List.of());

  public TrainedPrompts {
    if (below < 0) {
      throw new IllegalArgumentException("the watermark must be >= 0, got " + below);
    }
    TreeSet<Long> rest = new TreeSet<>(above);
    if (!rest.isEmpty() && rest.first() < 0) {
      throw new IllegalArgumentException("prompt indices are >= 0, got " + rest.first());
    }
    rest.headSet(below).clear();
    while (rest.remove(below)) {
      below++;
    }
    above = List.copyOf(rest);
  }

  /** The set of these indices, in any order. */
  public static TrainedPrompts of(Collection<Long> indices) {
    return new TrainedPrompts(0, List.copyOf(indices));
  }

  public boolean contains(long index) {
    return index < below || Collections.binarySearch(above, index) >= 0;
  }

  /** This set and {@code index}. */
  public TrainedPrompts with(long index) {
    if (contains(index)) {
      return this;
    }
    List<Long> more = new ArrayList<>(above);
    more.add(index);
    return new TrainedPrompts(below, more);
  }

  public long count() {
    return below + above.size();
  }

  /** All indices, ascending. */
  public LongStream indices() {
    return LongStream.concat(LongStream.range(0, below), above.stream().mapToLong(Long::longValue));
  }
}
