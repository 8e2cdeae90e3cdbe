package dev.passk.it.badinput;

import dev.passk.schemas.kafka.Topic;

/**
 * One bad record to write to a topic: raw bytes under a key of its own (every bad input's key is
 * unique, so what becomes of it can be found by key), and what should become of it.
 */
public record BadInput(String what, Topic topic, String key, byte[] value, Expectation expected) {

  /** Whether the learner, not a dead-letter topic, ends up with it (so its ledger counts it as not in flight). */
  public boolean reachesLearnerAsStray() {
    return expected instanceof Expectation.RefusedAsStray || expected instanceof Expectation.TimedOut;
  }
}
