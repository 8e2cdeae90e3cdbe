package dev.passk.verifier;

import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.schemas.kafka.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;

/**
 * Envelopes for {@code dead-letter.verifier}: a {@link DeadLetter} keeping the original key and
 * value verbatim with where it came from and why it was given up, keyed like the original. The
 * reason and error class are also in the headers {@code dead-letter-reason} and {@code dead-letter-cause}.
 * A value too large to fit the dead-letter topic's record limit with the envelope around it is left
 * out, and the reason says so: the broker would refuse the dead letter, and a transaction that always
 * aborts would stop the partition for good.
 */
final class DeadLetters {

  static final String SERVICE = "verifier";
  static final String REASON_HEADER = "dead-letter-reason";
  static final String CAUSE_HEADER = "dead-letter-cause";

  private static final String TOPIC = Topic.DEAD_LETTER_VERIFIER.topicName();

  private final AvroSerializer avro = new AvroSerializer();

  ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> source, String reason, Throwable error) {
    String errorClass = error == null ? "" : error.getClass().getName();
    ProducerRecord<byte[], byte[]> whole = record(source, source.value(), reason, errorClass);
    if (batchBytes(whole) <= Topic.DEAD_LETTER_VERIFIER.maxMessageBytes()) {
      return whole;
    }
    return record(source, null, reason + " (the value, " + source.value().length + " bytes, is not kept: with it the "
        + "dead letter would be over the " + Topic.DEAD_LETTER_VERIFIER.maxMessageBytes() + " bytes topic '" + TOPIC
        + "' accepts)", errorClass);
  }

  private ProducerRecord<byte[], byte[]> record(ConsumerRecord<byte[], byte[]> source, byte[] value, String reason,
      String errorClass) {
    DeadLetter letter = DeadLetter.newBuilder()
        .setService(SERVICE)
        .setSourceTopic(source.topic())
        .setSourcePartition(source.partition())
        .setSourceOffset(source.offset())
        .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setReason(reason)
        .setErrorClass(errorClass)
        .setFailedAtMillis(System.currentTimeMillis())
        .build();
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, source.key(), avro.serialize(TOPIC, letter));
    record.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    record.headers().add(CAUSE_HEADER, errorClass.getBytes(StandardCharsets.UTF_8));
    return record;
  }

  /**
   * Bytes of the record in a batch of its own, as the broker measures it against the topic's limit
   * (a record larger than the producer's batch size always travels alone).
   */
  private static int batchBytes(ProducerRecord<byte[], byte[]> record) {
    return DefaultRecordBatch.RECORD_BATCH_OVERHEAD + DefaultRecord.sizeInBytes(0, 0L,
        record.key() == null ? null : ByteBuffer.wrap(record.key()), ByteBuffer.wrap(record.value()),
        record.headers().toArray());
  }
}
