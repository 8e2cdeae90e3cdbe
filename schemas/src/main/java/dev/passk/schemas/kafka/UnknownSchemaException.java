package dev.passk.schemas.kafka;

import org.apache.kafka.common.errors.SerializationException;

/** A record whose writer schema this build has never seen: it names the fingerprint and topic. */
public final class UnknownSchemaException extends SerializationException {

  public UnknownSchemaException(long fingerprint, String topic) {
    super(String.format(
        "Unknown Avro writer schema fingerprint %016x on topic '%s': this service knows only the "
            + "schemas released up to its build. Upgrade the consumer (readers ship before writers) "
            + "or check that the producer uses the passk serializer.", fingerprint, topic));
  }
}
