package dev.passk.learner;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which prompt groups the run has taken: trained (restored from the checkpoint, never trained
 * again) and buffered (arrived, waiting for an update). At-least-once delivery, re-dispatches and
 * a restart's replay all deliver some groups twice; the ledger admits each prompt id once.
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

  private final Set<String> trained;
  private final Set<String> buffered = new LinkedHashSet<>();
  private long duplicates;
  private long notInFlight;

  public RunLedger(Collection<String> trained) {
    this.trained = new TreeSet<>(trained);
  }

  /** Admits a group of {@code promptId}; {@code inFlight}: whether the dispatch book has it out. */
  public Admission admit(String promptId, boolean inFlight) {
    if (trained.contains(promptId) || buffered.contains(promptId)) {
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
      if (!buffered.remove(id) || !trained.add(id)) {
        throw new IllegalStateException("prompt " + id + " was trained but not buffered, or trained twice");
      }
    }
  }

  /** A buffered group was dropped (too stale): the prompt may be admitted again. */
  public void dropped(String promptId) {
    buffered.remove(promptId);
  }

  /** The trained prompt ids, sorted (kept sorted as they come: a step's snapshot is a plain copy, not a sort). */
  public List<String> trainedIds() {
    return List.copyOf(trained);
  }

  public int trainedCount() {
    return trained.size();
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
