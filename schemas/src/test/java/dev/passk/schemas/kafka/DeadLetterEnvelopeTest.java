package dev.passk.schemas.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

/** Dead letters keep the record verbatim, unless the letter would be over the dead-letter topic's limit. */
class DeadLetterEnvelopeTest {

  private static final Topic DEAD_LETTERS = Topic.DEAD_LETTER_VERIFIER;
  private static final byte[] KEY = "p@1".getBytes(StandardCharsets.UTF_8);
  private static final String REASON = "undecodable value: not Avro";

  @Test
  void aRecordIsKeptVerbatimWithWhereItCameFromAndWhyAndKeyedLikeTheOriginal() {
    byte[] value = "poison".getBytes(StandardCharsets.UTF_8);
    DeadLetterEnvelope envelope = envelope(value, IllegalArgumentException.class);
    DeadLetter letter = envelope.letter();
    assertEquals("verifier", letter.getService());
    assertEquals("rollouts", letter.getSourceTopic());
    assertEquals(3, letter.getSourcePartition());
    assertEquals(17, letter.getSourceOffset());
    assertArrayEquals(KEY, bytes(letter.getKey()));
    assertArrayEquals(value, bytes(letter.getValue()));
    assertEquals(REASON, letter.getReason());
    assertEquals(IllegalArgumentException.class.getName(), letter.getErrorClass());
    assertTrue(letter.getFailedAtMillis() > 0);

    ProducerRecord<byte[], byte[]> record = envelope.record();
    assertEquals("dead-letter.verifier", record.topic());
    assertArrayEquals(KEY, record.key());
    assertEquals(letter, new AvroDeserializer().deserialize(record.topic(), record.value()));
    assertEquals(REASON, header(record, DeadLetterEnvelope.REASON_HEADER));
    assertEquals(IllegalArgumentException.class.getName(), header(record, DeadLetterEnvelope.CAUSE_HEADER));
  }

  @Test
  void withoutAnErrorClassTheCauseIsEmptyAndWithoutAKeyTheRecordHasNone() {
    DeadLetterEnvelope envelope = DeadLetterEnvelope.of(DEAD_LETTERS, "verifier", "rollouts", 0, 1, null, null, REASON,
        null);
    assertEquals("", envelope.letter().getErrorClass());
    assertNull(envelope.letter().getKey());
    assertNull(envelope.letter().getValue());
    assertNull(envelope.record().key());
    assertEquals("", header(envelope.record(), DeadLetterEnvelope.CAUSE_HEADER));
  }

  @Test
  void theLargestValueTheTopicAcceptsIsKeptAndOneByteMoreIsLeftOutWithTheReasonSayingSo() {
    // The broker's measure, computed by Kafka itself: the letter's record alone in an uncompressed batch.
    byte[] probe = new byte[DEAD_LETTERS.maxMessageBytes() - 4096];
    int envelopeBytes = brokerBytes(envelope(probe, null).record()) - probe.length;
    byte[] largest = filled(DEAD_LETTERS.maxMessageBytes() - envelopeBytes);

    DeadLetterEnvelope kept = envelope(largest, null);
    assertEquals(DEAD_LETTERS.maxMessageBytes(), brokerBytes(kept.record()), "exactly at the topic's limit");
    assertArrayEquals(largest, bytes(kept.letter().getValue()));
    assertEquals(REASON, kept.letter().getReason());

    byte[] over = filled(largest.length + 1);
    DeadLetterEnvelope dropped = envelope(over, null);
    String reason = REASON + " (the value, " + over.length + " bytes, is not kept: with it the dead letter would be over "
        + "the " + Topic.Limits.RECORD + " bytes topic 'dead-letter.verifier' accepts)";
    assertNull(dropped.letter().getValue());
    assertEquals(reason, dropped.letter().getReason());
    assertEquals(reason, header(dropped.record(), DeadLetterEnvelope.REASON_HEADER));
    assertEquals(17, dropped.letter().getSourceOffset());
    assertArrayEquals(KEY, dropped.record().key());
    assertTrue(brokerBytes(dropped.record()) <= DEAD_LETTERS.maxMessageBytes());
  }

  private static DeadLetterEnvelope envelope(byte[] value, Class<?> errorClass) {
    return DeadLetterEnvelope.of(DEAD_LETTERS, "verifier", "rollouts", 3, 17, KEY, value, REASON, errorClass);
  }

  private static int brokerBytes(ProducerRecord<byte[], byte[]> record) {
    return MemoryRecords.withRecords(Compression.NONE,
        new SimpleRecord(0L, record.key(), record.value(), record.headers().toArray())).sizeInBytes();
  }

  private static byte[] filled(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
