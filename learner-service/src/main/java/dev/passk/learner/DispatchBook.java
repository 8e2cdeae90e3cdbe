package dev.passk.learner;

import dev.passk.training.PromptIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Which prompts are out: dispatched and not yet trained, each with its attempt and dispatch time.
 * Bounds the prompts in flight and finds those whose results are overdue, so no step waits forever
 * on a lost prompt (plain Java; the clock is injected so timing is testable).
 */
public final class DispatchBook {

  /** One dispatch of a prompt: its id, stream index, attempt (0 first) and when it went out. */
  public record Dispatch(String promptId, long index, int attempt, long dispatchedAtMillis) {}

  private final Map<String, Dispatch> inFlight = new LinkedHashMap<>();
  private final int maxInFlight;
  private final Duration timeout;
  private final Clock clock;
  private long nextIndex;
  private long redispatches;

  /**
   * @param nextIndex the next stream index to dispatch
   * @param restored prompts in flight at the checkpoint (id -> attempt): their timeout restarts now
   */
  public DispatchBook(long nextIndex, Map<String, Integer> restored, int maxInFlight, Duration timeout,
      Clock clock) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max prompts in flight must be >= 1, got " + maxInFlight);
    }
    this.nextIndex = nextIndex;
    this.maxInFlight = maxInFlight;
    this.timeout = timeout;
    this.clock = clock;
    long now = clock.millis();
    restored.entrySet().stream()
        .sorted(Map.Entry.comparingByKey((a, b) -> Long.compare(PromptIds.index(a), PromptIds.index(b))))
        .forEach(e -> inFlight.put(e.getKey(),
            new Dispatch(e.getKey(), PromptIds.index(e.getKey()), e.getValue(), now)));
  }

  /**
   * New first dispatches (attempt 0) of the next stream indices, up to the in-flight bound and to
   * {@code needed}, the groups the run still has to train (a run never dispatches beyond its end).
   */
  public List<Dispatch> fill(LongFunction<String> promptIdOfIndex, long needed) {
    List<Dispatch> fresh = new ArrayList<>();
    while (inFlight.size() < Math.min(maxInFlight, needed)) {
      long index = nextIndex++;
      Dispatch d = new Dispatch(promptIdOfIndex.apply(index), index, 0, clock.millis());
      inFlight.put(d.promptId(), d);
      fresh.add(d);
    }
    return fresh;
  }

  /** Prompts whose results are older than the timeout, re-dispatched now with attempt + 1. */
  public List<Dispatch> overdue() {
    long now = clock.millis();
    List<Dispatch> late = inFlight.values().stream()
        .filter(d -> now - d.dispatchedAtMillis() >= timeout.toMillis()).toList();
    return late.stream().map(d -> redispatch(d.promptId())).toList();
  }

  /** Sends a prompt out again now with attempt + 1 (its timeout restarts). */
  public Dispatch redispatch(String promptId) {
    Dispatch old = inFlight.get(promptId);
    if (old == null) {
      throw new IllegalStateException("prompt " + promptId + " is not in flight; cannot re-dispatch it");
    }
    Dispatch again = new Dispatch(promptId, old.index(), old.attempt() + 1, clock.millis());
    inFlight.put(promptId, again);
    redispatches++;
    return again;
  }

  /** The prompt's group has arrived: its timeout no longer applies, but it stays in flight until trained. */
  public void arrived(String promptId) {
    Dispatch d = inFlight.get(promptId);
    if (d != null) {
      inFlight.put(promptId, new Dispatch(promptId, d.index(), d.attempt(), Long.MAX_VALUE));
    }
  }

  /** The prompt was trained: it leaves the book. */
  public void trained(String promptId) {
    inFlight.remove(promptId);
  }

  public boolean isInFlight(String promptId) {
    return inFlight.containsKey(promptId);
  }

  /** The prompts in flight, id -> attempt, for the checkpoint. */
  public Map<String, Integer> snapshot() {
    Map<String, Integer> attempts = new LinkedHashMap<>();
    inFlight.forEach((id, d) -> attempts.put(id, d.attempt()));
    return attempts;
  }

  public int inFlight() {
    return inFlight.size();
  }

  public long nextIndex() {
    return nextIndex;
  }

  /** Re-dispatches so far (timeouts and stale drops), since this book was made. */
  public long redispatches() {
    return redispatches;
  }
}
