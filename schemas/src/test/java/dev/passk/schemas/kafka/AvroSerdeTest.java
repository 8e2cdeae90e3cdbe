package dev.passk.schemas.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.schemas.Prompt;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final AvroSerializer serializer = new AvroSerializer();
  private final AvroDeserializer deserializer = new AvroDeserializer();

  @Test
  void everyRecordTypeRoundTripsEqual() {
    List<SpecificRecord> records = SampleRecords.all();
    assertEquals(TopicRecordTypes.CURRENT.size(), records.size(), "a sample for every topic type");
    for (SpecificRecord record : records) {
      byte[] bytes = serializer.serialize("t", record);
      SpecificRecord back = deserializer.deserialize("t", bytes);
      assertEquals(record, back, record.getSchema().getName());
      assertArrayEquals(bytes, serializer.serialize("t", back), "re-encoding is byte-identical");
    }
  }

  @Test
  void writesSingleObjectHeaderWithTheSchemaFingerprint() {
    Prompt prompt = SampleRecords.prompt();
    byte[] bytes = serializer.serialize("prompts", prompt);
    assertEquals((byte) 0xC3, bytes[0]);
    assertEquals((byte) 0x01, bytes[1]);
    long fingerprint = java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(ReleasedSchemas.fingerprint(Prompt.getClassSchema()), fingerprint);
  }

  @Test
  void unknownFingerprintNamesFingerprintAndTopic() {
    byte[] bytes = serializer.serialize("prompts", SampleRecords.prompt());
    bytes[2] ^= 0x55; // a fingerprint no release has
    long fingerprint = java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    UnknownSchemaException e = assertThrows(UnknownSchemaException.class,
        () -> deserializer.deserialize("prompts", bytes));
    assertTrue(e.getMessage().contains(String.format("%016x", fingerprint)), e.getMessage());
    assertTrue(e.getMessage().contains("'prompts'"), e.getMessage());
  }

  @Test
  void nonAvroAndTruncatedBytesFailNamingTheTopic() {
    SerializationException notAvro = assertThrows(SerializationException.class,
        () -> deserializer.deserialize("rollouts", "{\"json\":true}".getBytes()));
    assertTrue(notAvro.getMessage().contains("'rollouts'"), notAvro.getMessage());

    byte[] whole = serializer.serialize("rollouts", SampleRecords.rollout());
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    SerializationException corrupt = assertThrows(SerializationException.class,
        () -> deserializer.deserialize("rollouts", truncated));
    assertTrue(corrupt.getMessage().contains("'rollouts'"), corrupt.getMessage());
  }

  @Test
  void nullStaysNull() {
    assertEquals(null, serializer.serialize("t", null));
    assertEquals(null, deserializer.deserialize("t", null));
  }
}
