package dev.passk.schemas.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** The release store guards evolution: every schema released, every change compatible both ways. */
class ReleasedSchemasTest {

  private final ReleasedSchemas released = ReleasedSchemas.instance();

  @Test
  void everyCurrentSchemaIsReleased() {
    for (Schema current : TopicRecordTypes.CURRENT) {
      assertNotNull(released.findByFingerprint(ReleasedSchemas.fingerprint(current)),
          () -> current.getName() + " changed without a release: add its fully resolved JSON as "
              + "schemas/src/main/resources/dev/passk/schemas/released/" + current.getName()
              + ".v<N+1>.avsc and list it in the index there:\n" + current.toString(true));
    }
  }

  @Test
  void currentSchemasReadAndAreReadByEveryReleasedVersion() {
    for (Schema current : TopicRecordTypes.CURRENT) {
      List<Schema> versions = releasesOf(current.getFullName());
      assertFalse(versions.isEmpty(), current.getName());
      for (Schema old : versions) {
        assertCompatible(current, old, "current reader / released writer " + released.releaseName(
            ReleasedSchemas.fingerprint(old)));
        assertCompatible(old, current, "released reader " + released.releaseName(
            ReleasedSchemas.fingerprint(old)) + " / current writer");
      }
    }
  }

  /** The check above would catch the classic mistake: a new field without a default. */
  @Test
  void aFieldAddedWithoutDefaultIsDetectedAsIncompatible() {
    Schema v1 = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    Schema v2 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
        + "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}]}");
    assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType());
  }

  private List<Schema> releasesOf(String fullName) {
    return released.all().stream().filter(s -> s.getFullName().equals(fullName)).toList();
  }

  private static void assertCompatible(Schema reader, Schema writer, String what) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    assertTrue(result.getType() == SchemaCompatibilityType.COMPATIBLE,
        () -> reader.getName() + ": " + what + " incompatible: " + result.getResult().getIncompatibilities());
  }
}
