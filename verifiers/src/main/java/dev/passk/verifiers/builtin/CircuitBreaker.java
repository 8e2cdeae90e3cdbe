package dev.passk.verifiers.builtin;

import java.util.function.LongSupplier;

/**
 * Closed -> open after {@code failureThreshold} consecutive failures; while open, calls are refused for
 * {@code openNanos}; then half-open: one trial call is let through, and its success closes the
 * circuit while its failure opens it again for another {@code openNanos}.
 */
final class CircuitBreaker {

  private final int failureThreshold;
  private final long openNanos;
  private final LongSupplier clock;
  private int consecutiveFailures;
  private long openUntil;
  private boolean trialInFlight;

  CircuitBreaker(int failureThreshold, long openNanos, LongSupplier clock) {
    this.failureThreshold = failureThreshold;
    this.openNanos = openNanos;
    this.clock = clock;
  }

  /** Whether a call may go ahead now; a true answer while half-open reserves the single trial. */
  synchronized boolean allow() {
    if (consecutiveFailures < failureThreshold) {
      return true;
    }
    if (clock.getAsLong() - openUntil < 0 || trialInFlight) {
      return false;
    }
    trialInFlight = true;
    return true;
  }

  synchronized void onSuccess() {
    consecutiveFailures = 0;
    trialInFlight = false;
  }

  synchronized void onFailure() {
    consecutiveFailures++;
    if (consecutiveFailures >= failureThreshold) {
      openUntil = clock.getAsLong() + openNanos;
    }
    trialInFlight = false;
  }

  /** Nanoseconds until a trial call is allowed; 0 when closed. */
  synchronized long remainingOpenNanos() {
    return consecutiveFailures < failureThreshold ? 0 : Math.max(0, openUntil - clock.getAsLong());
  }
}
