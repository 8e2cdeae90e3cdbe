package dev.passk.schemas.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for every passk record: Avro single-object encoding
 * (marker {@code C3 01}, 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, body).
 * A documented Avro standard: any Avro library can decode it given the schema.
 */
public final class AvroSerializer implements Serializer<SpecificRecord> {

  private final Map<Schema, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();

  @Override
  public byte[] serialize(String topic, SpecificRecord record) {
    if (record == null) {
      return null;
    }
    BinaryMessageEncoder<SpecificRecord> encoder = encoders.computeIfAbsent(
        record.getSchema(), s -> new BinaryMessageEncoder<>(TopicRecordTypes.MODEL, s));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encoder.encode(record, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
