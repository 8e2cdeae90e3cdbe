package dev.passk.sampler;

import dev.passk.schemas.DeadLetter;
import java.nio.ByteBuffer;

/** A record as it came off a topic, bytes verbatim, so a rejected one can be dead-lettered whole. */
public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

  /** The dead letter of this record: {@code reason} says what was wrong and what to fix. */
  public DeadLetter deadLetter(String reason, Class<?> errorClass) {
    return DeadLetter.newBuilder()
        .setService("sampler")
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setReason(reason)
        .setErrorClass(errorClass == null ? "" : errorClass.getName())
        .setFailedAtMillis(System.currentTimeMillis())
        .build();
  }
}
