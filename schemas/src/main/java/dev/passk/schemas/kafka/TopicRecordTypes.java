package dev.passk.schemas.kafka;

import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.PolicyVersion;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.ScoredRollout;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/** The record types that travel on topics, in their current (reader) version. */
public final class TopicRecordTypes {

  /** Current schemas of every top-level topic record. */
  public static final List<Schema> CURRENT = List.of(
      Prompt.getClassSchema(),
      Rollout.getClassSchema(),
      ScoredRollout.getClassSchema(),
      PolicyVersion.getClassSchema(),
      LearnerMetrics.getClassSchema(),
      DeadLetter.getClassSchema());

  /**
   * The data model for generated classes, built on this module's class loader: under Quarkus dev
   * and test mode the default model can resolve the classes through another loader
   * (ClassCastException: X cannot be cast to IndexedRecord).
   */
  public static final SpecificData MODEL = new SpecificData(TopicRecordTypes.class.getClassLoader());

  private TopicRecordTypes() {}

  /** The current schema with this full name, or null when this build does not know the type. */
  public static Schema current(String fullName) {
    return CURRENT.stream().filter(s -> s.getFullName().equals(fullName)).findFirst().orElse(null);
  }
}
