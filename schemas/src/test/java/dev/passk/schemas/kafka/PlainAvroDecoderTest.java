package dev.passk.schemas.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Another client, knowing nothing of passk's classes, decodes our bytes with a stock Avro decoder
 * given only the .avsc files of the contract.
 */
class PlainAvroDecoderTest {

  /** Files defining types that others reference come first, as a parser needs them. */
  private static final List<String> FILES = List.of("Completion.avsc", "Prompt.avsc", "Rollout.avsc",
      "ScoredRollout.avsc", "PolicyVersion.avsc", "LearnerMetrics.avsc", "DeadLetter.avsc");

  @Test
  void genericDecoderReadsEveryRecordTypeFromTheAvscFiles() throws IOException {
    Schema.Parser parser = new Schema.Parser();
    for (String file : FILES) {
      parser.parse(Files.readString(Path.of("src/main/avro", file)));
    }
    AvroSerializer serializer = new AvroSerializer();
    for (SpecificRecord record : SampleRecords.all()) {
      Schema fromFile = parser.getTypes().get(record.getSchema().getFullName());
      BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), fromFile);
      GenericRecord generic = decoder.decode(serializer.serialize("t", record));
      assertEquals(record.toString(), generic.toString(), "same JSON rendering of every field");
    }
  }
}
