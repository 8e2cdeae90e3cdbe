package dev.passk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.report.testing.SyntheticMetrics;
import dev.passk.schemas.LearnerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsJsonlTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyRecordOfARunSurvivesTheRoundTrip() {
    for (LearnerMetrics m : SyntheticMetrics.run("r1", "passk", 4, 12, 4, 7)) {
      assertEquals(m, MetricsJsonl.fromLine(MetricsJsonl.toLine(m)));
    }
  }

  @Test
  void absentReportsAreNullAndNonFiniteDoublesAreNamedStrings() throws Exception {
    LearnerMetrics base = SyntheticMetrics.run("r1", "passk", 4, 1, 1, 7).get(0);
    LearnerMetrics bare = LearnerMetrics.newBuilder(base).setInterference(null).setEvaluation(null)
        .setLoss(Double.NaN).setGradNorm(Double.POSITIVE_INFINITY).setMeanStaleness(Double.NEGATIVE_INFINITY).build();
    String line = MetricsJsonl.toLine(bare);
    JsonNode tree = JSON.readTree(line);
    assertTrue(tree.get("interference").isNull());
    assertTrue(tree.get("evaluation").isNull());
    assertEquals("NaN", tree.get("loss").asText());
    assertEquals("Infinity", tree.get("gradNorm").asText());
    assertEquals("-Infinity", tree.get("meanStaleness").asText());
    LearnerMetrics back = MetricsJsonl.fromLine(line);
    assertTrue(Double.isNaN(back.getLoss())); // Avro's equals treats NaN as unequal to itself
    assertEquals(bare.toString(), back.toString());

    LearnerMetrics noKStar = LearnerMetrics.newBuilder(base).setInterference(
        dev.passk.schemas.InterferenceMetrics.newBuilder(base.getInterference()).setKStar(null).build()).build();
    assertNull(MetricsJsonl.fromLine(MetricsJsonl.toLine(noKStar)).getInterference().getKStar());
  }

  @Test
  void keysAreTheSchemaFieldNamesWithPlainNestedObjects() throws Exception {
    LearnerMetrics m = SyntheticMetrics.run("r1", "passk", 4, 1, 1, 7).get(0);
    JsonNode tree = JSON.readTree(MetricsJsonl.toLine(m));
    assertEquals(fieldNames(LearnerMetrics.getClassSchema()), names(tree));
    assertEquals(fieldNames(dev.passk.schemas.InterferenceMetrics.getClassSchema()), names(tree.get("interference")));
    assertEquals(fieldNames(dev.passk.schemas.Evaluation.getClassSchema()), names(tree.get("evaluation")));
    assertEquals(m.getEvaluation().getPassAtK().get("8"), tree.get("evaluation").get("passAtK").get("8").asDouble());
    assertEquals(m.getInterference().getKStar().intValue(), tree.get("interference").get("kStar").asInt());
  }

  @Test
  void fileRoundTripKeepsOrderAndNamesTheBadLine(@TempDir Path dir) throws Exception {
    List<LearnerMetrics> records = new ArrayList<>(SyntheticMetrics.run("a", "pass1", 1, 3, 2, 1));
    records.addAll(SyntheticMetrics.run("b", "passk", 8, 3, 2, 2));
    Path file = dir.resolve("m.jsonl");
    MetricsJsonl.write(records, file);
    assertEquals(records, MetricsJsonl.read(file));

    Files.writeString(file, MetricsJsonl.toLine(records.get(0)) + "\n{\"runId\":\"x\"}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsJsonl.read(file));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'step'"), e.getMessage());
  }

  private static List<String> fieldNames(Schema schema) {
    return schema.getFields().stream().map(Schema.Field::name).toList();
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
