package dev.passk.verifier;

import dev.passk.schemas.Rollout;
import dev.passk.schemas.kafka.AvroDeserializer;
import org.apache.avro.specific.SpecificRecord;

/** Raw bytes of a {@code rollouts} record to a Rollout, or a {@link MalformedRolloutException} saying why not. */
final class RolloutDecoder {

  private final AvroDeserializer avro = new AvroDeserializer();

  /** @throws MalformedRolloutException for no value, bytes that are not passk Avro, or another record type */
  Rollout decode(String topic, byte[] value) {
    if (value == null) {
      throw new MalformedRolloutException("the record has no value (a tombstone); a Rollout was expected", null);
    }
    SpecificRecord record;
    try {
      record = avro.deserialize(topic, value);
    } catch (RuntimeException e) {
      throw new MalformedRolloutException("undecodable value: " + e.getMessage(), e);
    }
    if (record instanceof Rollout rollout) {
      return rollout;
    }
    throw new MalformedRolloutException("the value is a " + record.getSchema().getFullName()
        + ", not a dev.passk.schemas.Rollout: the producer wrote to the wrong topic", null);
  }
}
