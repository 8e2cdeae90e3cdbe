package dev.passk.verifier;

import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.schemas.kafka.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Envelopes for {@code dead-letter.verifier}: a {@link DeadLetter} keeping the original key and
 * value verbatim with where it came from and why it was given up, keyed like the original. The
 * reason and error class are also in the headers {@code dead-letter-reason} and {@code dead-letter-cause}.
 */
final class DeadLetters {

  static final String SERVICE = "verifier";
  static final String REASON_HEADER = "dead-letter-reason";
  static final String CAUSE_HEADER = "dead-letter-cause";

  private final AvroSerializer avro = new AvroSerializer();

  ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> source, String reason, Throwable error) {
    String errorClass = error == null ? "" : error.getClass().getName();
    DeadLetter letter = DeadLetter.newBuilder()
        .setService(SERVICE)
        .setSourceTopic(source.topic())
        .setSourcePartition(source.partition())
        .setSourceOffset(source.offset())
        .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
        .setValue(source.value() == null ? null : ByteBuffer.wrap(source.value()))
        .setReason(reason)
        .setErrorClass(errorClass)
        .setFailedAtMillis(System.currentTimeMillis())
        .build();
    String topic = Topic.DEAD_LETTER_VERIFIER.topicName();
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, source.key(), avro.serialize(topic, letter));
    record.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    record.headers().add(CAUSE_HEADER, errorClass.getBytes(StandardCharsets.UTF_8));
    return record;
  }
}
