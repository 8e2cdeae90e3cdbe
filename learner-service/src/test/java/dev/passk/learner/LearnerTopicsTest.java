package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.kafka.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The learner's dead letters: verbatim, unless the letter would be over the dead-letter topic's limit. */
class LearnerTopicsTest {

  private static final String REASON = "the learner cannot use this scored-rollouts record: not Avro";

  @Test
  void aBadRecordIsDeadLetteredVerbatimWithWhereItCameFromAndWhy() {
    byte[] value = "poison".getBytes(StandardCharsets.UTF_8);
    ProducerRecord<String, SpecificRecord> record = LearnerTopics.deadLetterRecord(
        new ConsumerRecord<>("scored-rollouts", 3, 17, "p@1", value), REASON, new IllegalArgumentException("x"));
    DeadLetter letter = (DeadLetter) record.value();
    assertEquals("dead-letter.learner", record.topic());
    assertEquals("p@1", record.key());
    assertEquals(3, letter.getSourcePartition());
    assertEquals(17, letter.getSourceOffset());
    assertArrayEquals(value, bytes(letter.getValue()));
    assertEquals(REASON, letter.getReason());
    assertEquals("learner", letter.getService());
    assertEquals(IllegalArgumentException.class.getName(), letter.getErrorClass());
    assertEquals(REASON, new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
  }

  @Test
  void aBadRecordTooLargeToDeadLetterWholeIsDeadLetteredWithoutItsValue() {
    // Fits scored-rollouts' 8 MiB, but not dead-letter.learner's 8 MiB with the envelope and the reason added
    // (the rule itself: DeadLetterEnvelopeTest).
    byte[] value = new byte[Topic.Limits.RECORD - 256];
    Arrays.fill(value, (byte) 'x');
    ProducerRecord<String, SpecificRecord> record = LearnerTopics.deadLetterRecord(
        new ConsumerRecord<>("scored-rollouts", 0, 5, "p@2", value), REASON, null);
    DeadLetter letter = (DeadLetter) record.value();
    assertNull(letter.getValue());
    assertTrue(letter.getReason().startsWith(REASON + " (the value, " + value.length + " bytes, is not kept"),
        letter.getReason());
    assertTrue(letter.getReason().endsWith("topic 'dead-letter.learner' accepts)"), letter.getReason());
    assertEquals(5, letter.getSourceOffset());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
