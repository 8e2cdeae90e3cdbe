package dev.passk.schemas.kafka;

import dev.passk.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;

/**
 * The dead letter of a record a service gives up on, as every service sends it to its
 * {@code dead-letter.<service>} topic: a {@link DeadLetter} keeping the original key and value
 * verbatim with where it came from and why, keyed like the original, with the reason and the error
 * class also in the headers {@value #REASON_HEADER} and {@value #CAUSE_HEADER}.
 *
 * <p>A value too large to fit the dead-letter topic's record limit with the envelope around it is
 * left out, and the reason says so: the broker would refuse the dead letter, losing it (or, inside
 * a transaction, aborting it forever and stopping the partition).
 */
public final class DeadLetterEnvelope {

  public static final String REASON_HEADER = "dead-letter-reason";
  public static final String CAUSE_HEADER = "dead-letter-cause";

  private static final AvroSerializer AVRO = new AvroSerializer();

  private final Topic deadLetters;
  private final byte[] key;
  private final DeadLetter letter;
  private final byte[] serialized;

  private DeadLetterEnvelope(Topic deadLetters, byte[] key, DeadLetter letter) {
    this.deadLetters = deadLetters;
    this.key = key;
    this.letter = letter;
    this.serialized = AVRO.serialize(deadLetters.topicName(), letter);
  }

  /**
   * The dead letter of the record {@code sourceTopic}-{@code sourcePartition}@{@code sourceOffset}
   * with {@code key} and {@code value} (either may be null) for topic {@code deadLetters}: the value
   * kept verbatim, unless with it the letter would be over the topic's record limit; then it is left
   * out and {@code reason} says so. {@code errorClass} is the exception behind the reason, if any.
   */
  public static DeadLetterEnvelope of(Topic deadLetters, String service, String sourceTopic, int sourcePartition,
      long sourceOffset, byte[] key, byte[] value, String reason, Class<?> errorClass) {
    DeadLetter.Builder builder = DeadLetter.newBuilder()
        .setService(service)
        .setSourceTopic(sourceTopic)
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setReason(reason)
        .setErrorClass(errorClass == null ? "" : errorClass.getName())
        .setFailedAtMillis(System.currentTimeMillis());
    DeadLetterEnvelope whole = new DeadLetterEnvelope(deadLetters, key, builder.build());
    int limit = deadLetters.maxMessageBytes();
    if (value == null || whole.batchBytes() <= limit) {
      return whole;
    }
    return new DeadLetterEnvelope(deadLetters, key, builder.setValue(null)
        .setReason(reason + " (the value, " + value.length + " bytes, is not kept: with it the dead letter would be "
            + "over the " + limit + " bytes topic '" + deadLetters.topicName() + "' accepts)")
        .build());
  }

  /** The envelope itself, to send as a record value (serialized with {@link AvroSerializer}). */
  public DeadLetter letter() {
    return letter;
  }

  /** The headers of the letter's record: its reason and error class. */
  public Headers headers() {
    return headers(letter);
  }

  /** The letter's record, serialized, keyed by the original key bytes. */
  public ProducerRecord<byte[], byte[]> record() {
    return new ProducerRecord<>(deadLetters.topicName(), null, key, serialized, headers());
  }

  /** The headers of {@code letter}'s record: {@value #REASON_HEADER} and {@value #CAUSE_HEADER}, UTF-8. */
  public static Headers headers(DeadLetter letter) {
    Headers headers = new RecordHeaders();
    headers.add(REASON_HEADER, letter.getReason().getBytes(StandardCharsets.UTF_8));
    headers.add(CAUSE_HEADER, letter.getErrorClass().getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  /**
   * Bytes of the letter's record in a batch of its own, as the broker measures it against the
   * topic's limit (a record larger than the producer's batch size always travels alone).
   */
  int batchBytes() {
    return DefaultRecordBatch.RECORD_BATCH_OVERHEAD + DefaultRecord.sizeInBytes(0, 0L,
        key == null ? null : ByteBuffer.wrap(key), ByteBuffer.wrap(serialized), headers().toArray());
  }
}
