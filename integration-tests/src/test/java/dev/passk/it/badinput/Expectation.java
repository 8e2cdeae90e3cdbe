package dev.passk.it.badinput;

import dev.passk.schemas.kafka.Topic;
import java.util.List;

/** What the pipeline's design says becomes of one bad input. */
public sealed interface Expectation {

  /** What a dead letter keeps of the bad record. */
  enum Kept {
    /** The sent value, verbatim, with the partition and offset it was sent to. */
    SENT_VALUE,
    /** No value: with it the dead letter would be over its topic's record limit. */
    NO_VALUE,
    /** A record a service derived from the sent one (a rollout of a sent prompt): matched by key only. */
    DERIVED_RECORD
  }

  /** Dead-lettered on {@code deadLetters} with a reason containing {@code reasonPart}, keeping {@code kept}. */
  record DeadLettered(Topic deadLetters, String reasonPart, Kept kept) implements Expectation {}

  /** Refused by the broker when produced, with this error: it never reaches a service. */
  record RefusedByBroker(Class<? extends Exception> error) implements Expectation {}

  /**
   * Scored with every completion {@code TIMEOUT} and a detail containing one of {@code detailParts},
   * within {@code boundSeconds} of being sent; the learner then refuses the group as not in flight.
   */
  record TimedOut(List<String> detailParts, long boundSeconds) implements Expectation {}

  /** Refused by the learner as a group whose prompt is not in flight (its ledger's {@code notInFlight}). */
  record RefusedAsStray() implements Expectation {}

  /**
   * A checkpoint the sampler refuses: dead-lettered on {@code dead-letter.sampler} verbatim and
   * reported in its readiness check's {@code lastRejection}, both saying {@code reasonPart}.
   */
  record RefusedCheckpoint(String reasonPart) implements Expectation {}
}
