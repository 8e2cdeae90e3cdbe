package dev.passk.verifier;

import dev.passk.schemas.kafka.DeadLetterEnvelope;
import dev.passk.schemas.kafka.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records for {@code dead-letter.verifier}: the {@link DeadLetterEnvelope} of a record the verifier
 * gives up on, keyed like the original; without the value when it would not fit the topic's limit.
 */
final class DeadLetters {

  private static final String SERVICE = "verifier";

  ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> source, String reason, Throwable error) {
    return DeadLetterEnvelope.of(Topic.DEAD_LETTER_VERIFIER, SERVICE, source.topic(), source.partition(),
        source.offset(), source.key(), source.value(), reason, error == null ? null : error.getClass()).record();
  }
}
