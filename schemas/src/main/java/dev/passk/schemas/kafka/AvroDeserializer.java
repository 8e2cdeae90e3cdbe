package dev.passk.schemas.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for every passk record in Avro single-object encoding. The writer schema is
 * found by fingerprint among {@link ReleasedSchemas}, the reader schema is this build's current
 * version of the same type, so records of any released version are read with schema resolution.
 * Any failure names the topic; an unknown fingerprint throws {@link UnknownSchemaException}.
 */
public final class AvroDeserializer implements Deserializer<SpecificRecord> {

  private static final int HEADER = 10;

  private final ReleasedSchemas released = ReleasedSchemas.instance();
  private final Map<Long, SpecificDatumReader<SpecificRecord>> readers = new ConcurrentHashMap<>();

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < HEADER || data[0] != (byte) 0xC3 || data[1] != (byte) 0x01) {
      throw new SerializationException("Record on topic '" + topic + "' is not Avro single-object "
          + "encoded (expected marker C3 01 and a fingerprint; got " + data.length + " bytes)");
    }
    long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    SpecificDatumReader<SpecificRecord> reader = readers.get(fingerprint);
    if (reader == null) {
      reader = newReader(fingerprint, topic);
      readers.put(fingerprint, reader);
    }
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER, data.length - HEADER, null);
    try {
      return reader.read(null, decoder);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException("Corrupt Avro body of a "
          + reader.getExpected().getName() + " on topic '" + topic + "': " + e.getMessage(), e);
    }
  }

  private SpecificDatumReader<SpecificRecord> newReader(long fingerprint, String topic) {
    Schema writer = released.findByFingerprint(fingerprint);
    if (writer == null) {
      throw new UnknownSchemaException(fingerprint, topic);
    }
    Schema reader = TopicRecordTypes.current(writer.getFullName());
    if (reader == null) {
      throw new SerializationException("Record type " + writer.getFullName() + " on topic '" + topic
          + "' is released but not known to this build's reader schemas");
    }
    return new SpecificDatumReader<>(writer, reader, TopicRecordTypes.MODEL);
  }
}
