package dev.passk.sampler;

import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.kafka.DeadLetterEnvelope;
import dev.passk.schemas.kafka.Topic;

/** A record as it came off a topic, bytes verbatim, so a rejected one can be dead-lettered whole. */
public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

  /**
   * The dead letter of this record for {@code dead-letter.sampler} ({@link DeadLetterEnvelope}):
   * {@code reason} says what was wrong and what to fix; the value is left out, and the reason says
   * so, when the letter would be over the topic's record limit.
   */
  public DeadLetter deadLetter(String reason, Class<?> errorClass) {
    return DeadLetterEnvelope.of(Topic.DEAD_LETTER_SAMPLER, "sampler", topic, partition, offset, key, value, reason,
        errorClass).letter();
  }
}
