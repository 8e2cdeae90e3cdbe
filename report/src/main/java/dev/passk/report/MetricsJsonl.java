package dev.passk.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.kafka.TopicRecordTypes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@link LearnerMetrics} as JSON Lines: one record per line, one JSON object per record. The keys
 * are the Avro schema's field names (schemas/src/main/avro/LearnerMetrics.avsc documents each), the
 * nested {@code interference} and {@code evaluation} are objects or {@code null}, {@code passAtK}
 * is an object keyed by k in decimal, non-finite doubles are the strings "NaN", "Infinity",
 * "-Infinity". This is the raw-metrics file the report ships and the data the charts draw.
 */
public final class MetricsJsonl {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AvroJson AVRO_JSON = new AvroJson(TopicRecordTypes.MODEL);

  private MetricsJsonl() {}

  /** The record as a JSON tree (keys in schema order). */
  public static JsonNode toJson(LearnerMetrics metrics) {
    return AvroJson.write(metrics, LearnerMetrics.getClassSchema());
  }

  /** The record as one line of JSON, without a line break. */
  public static String toLine(LearnerMetrics metrics) {
    try {
      return JSON.writeValueAsString(toJson(metrics));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written: " + e.getMessage(), e);
    }
  }

  /** Reads one line written by {@link #toLine}; an error names what is missing or malformed. */
  public static LearnerMetrics fromLine(String line) {
    try {
      return (LearnerMetrics) AVRO_JSON.read(JSON.readTree(line), LearnerMetrics.getClassSchema());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON line of LearnerMetrics: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes the records to {@code file}, one line each, in the given order. */
  public static void write(Collection<LearnerMetrics> records, Path file) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (LearnerMetrics record : records) {
        out.write(toLine(record));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write metrics to " + file, e);
    }
  }

  /** Reads every non-blank line of {@code file}; a bad line is named by its number. */
  public static List<LearnerMetrics> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read metrics from " + file, e);
    }
    List<LearnerMetrics> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        try {
          records.add(fromLine(lines.get(i)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
        }
      }
    }
    return records;
  }
}
