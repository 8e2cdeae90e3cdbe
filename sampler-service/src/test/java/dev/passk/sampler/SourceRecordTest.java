package dev.passk.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.kafka.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The sampler's dead letters: verbatim up to {@code dead-letter.sampler}'s 64 MiB limit, without the
 * value beyond it (the rule itself: DeadLetterEnvelopeTest in schemas).
 */
class SourceRecordTest {

  private static final byte[] KEY = "run@3".getBytes(StandardCharsets.UTF_8);

  @Test
  void aRecordAtTheEightMebibyteLimitOfPromptsIsDeadLetteredVerbatim() {
    byte[] value = filled(Topic.Limits.RECORD - 256);
    DeadLetter letter = new SourceRecord("prompts", 2, 40, KEY, value).deadLetter("undecodable record: x", null);
    assertEquals("sampler", letter.getService());
    assertEquals("prompts", letter.getSourceTopic());
    assertEquals(2, letter.getSourcePartition());
    assertEquals(40, letter.getSourceOffset());
    assertArrayEquals(KEY, bytes(letter.getKey()));
    assertArrayEquals(value, bytes(letter.getValue()));
    assertEquals("undecodable record: x", letter.getReason());
    assertEquals("", letter.getErrorClass());
  }

  @Test
  void aPolicyAnnouncementAtItsTopicsLimitIsDeadLetteredWithoutItsValue() {
    byte[] value = filled(Topic.Limits.CHECKPOINT - 256);
    DeadLetter letter = new SourceRecord("policy-versions", 0, 9, KEY, value)
        .deadLetter("undecodable policy announcement: x", IllegalArgumentException.class);
    assertNull(letter.getValue());
    assertTrue(letter.getReason().startsWith("undecodable policy announcement: x (the value, " + value.length
        + " bytes, is not kept"), letter.getReason());
    assertTrue(letter.getReason().endsWith("topic 'dead-letter.sampler' accepts)"), letter.getReason());
    assertEquals(IllegalArgumentException.class.getName(), letter.getErrorClass());
    assertEquals(9, letter.getSourceOffset());
  }

  private static byte[] filled(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
