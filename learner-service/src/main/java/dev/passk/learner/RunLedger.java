package dev.passk.learner;

import dev.passk.training.PromptIds;
import dev.passk.training.TrainedPrompts;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Which prompt groups the run has taken: trained (restored from the checkpoint, never trained
 * again; kept by stream index, see {@link TrainedPrompts}) and buffered (arrived, waiting for an
 * update). At-least-once delivery, re-dispatches and a restart's replay all deliver some groups
 * twice; the ledger admits each prompt id once.
 */
public final class RunLedger {

  /** What became of an arriving group. */
  public enum Admission {
    /** First complete group of a prompt in flight: buffered for training. */
    ACCEPTED,
    /** The prompt is already trained or already buffered. */
    DUPLICATE,
    /**
     * The prompt is not in flight in this run's history: it was dispatched after the checkpoint a
     * restart went back to, and will be dispatched again.
     */
    NOT_IN_FLIGHT
  }

  private final LongFunction<String> idOf;
  private final Set<String> buffered = new LinkedHashSet<>();
  private TrainedPrompts trained;
  private long duplicates;
  private long notInFlight;

  /**
   * @param trained the prompts trained before (restored from the checkpoint)
   * @param idOf the id the prompt of a stream index was dispatched under
   */
  public RunLedger(TrainedPrompts trained, LongFunction<String> idOf) {
    this.trained = trained;
    this.idOf = idOf;
  }

  /** Admits a group of {@code promptId}; {@code inFlight}: whether the dispatch book has it out. */
  public Admission admit(String promptId, boolean inFlight) {
    if (buffered.contains(promptId) || isTrained(promptId)) {
      duplicates++;
      return Admission.DUPLICATE;
    }
    if (!inFlight) {
      notInFlight++;
      return Admission.NOT_IN_FLIGHT;
    }
    buffered.add(promptId);
    return Admission.ACCEPTED;
  }

  /** The update used these groups. Fails if one was trained before: that would count it twice. */
  public void trained(Collection<String> promptIds) {
    for (String id : promptIds) {
      if (!buffered.remove(id) || isTrained(id)) {
        throw new IllegalStateException("prompt " + id + " was trained but not buffered, or trained twice");
      }
      trained = trained.with(PromptIds.index(id));
    }
  }

  /** Whether this very id was trained: a stray with a trained prompt's index but another id was not. */
  private boolean isTrained(String promptId) {
    OptionalLong index = PromptIds.indexOf(promptId);
    return index.isPresent() && trained.contains(index.getAsLong()) && idOf.apply(index.getAsLong()).equals(promptId);
  }

  /** A buffered group was dropped (too stale): the prompt may be admitted again. */
  public void dropped(String promptId) {
    buffered.remove(promptId);
  }

  /** The trained prompts: an immutable value whose size does not grow with the run. */
  public TrainedPrompts trained() {
    return trained;
  }

  public long trainedCount() {
    return trained.count();
  }

  public int bufferedCount() {
    return buffered.size();
  }

  /** Groups refused because their prompt was already trained or buffered (this process's lifetime). */
  public long duplicates() {
    return duplicates;
  }

  /** Groups refused because their prompt was not in flight (this process's lifetime). */
  public long notInFlight() {
    return notInFlight;
  }
}
