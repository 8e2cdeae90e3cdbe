package dev.passk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.report.testing.SyntheticMetrics;
import dev.passk.schemas.LearnerMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  @Test
  void summaryMatchesAPlainPassOverTheRecords() {
    List<LearnerMetrics> records = SyntheticMetrics.run("r", "passk", 8, 23, 5, 11);
    RunSummary s = RunSummary.of(RunMetrics.of(records));

    LearnerMetrics lastEvaluated = null;
    int negative = 0;
    for (LearnerMetrics m : records) {
      lastEvaluated = m.getEvaluation() != null ? m : lastEvaluated;
      negative += m.getInterference().getInnerKOne() < 0 ? 1 : 0;
    }
    assertEquals(20, lastEvaluated.getStep());
    assertEquals(23, s.steps());
    assertEquals(lastEvaluated.getEvaluation().getPass1(), s.finalPass1());
    assertEquals(8, s.k());
    assertEquals(lastEvaluated.getEvaluation().getPassAtK().get("8"), s.finalPassK());
    assertEquals(23, s.interferenceSteps());
    assertEquals(negative / 23.0, s.negativeInnerShare(), 1e-15);
    assertTrue(negative > 0 && negative < 23, "the series should contain both signs, has " + negative);
    assertEquals(records.get(22).getInterference().getKStar(), s.kStar());
  }

  @Test
  void accumulatorIgnoresArrivalOrder() {
    List<LearnerMetrics> records = new ArrayList<>(SyntheticMetrics.run("r", "adaptive-k", 4, 17, 3, 5));
    RunSummary inOrder = RunSummary.of(RunMetrics.of(records));
    Collections.shuffle(records, new Random(3));
    RunSummary.Accumulator acc = new RunSummary.Accumulator();
    records.forEach(acc::add);
    assertEquals(inOrder, acc.summary());
  }

  @Test
  void stepsWithoutReportsGiveEmptyCells() {
    LearnerMetrics bare = LearnerMetrics.newBuilder(SyntheticMetrics.run("r", "pass1", 1, 1, 1, 1).get(0))
        .setInterference(null).setEvaluation(null).build();
    RunSummary s = RunSummary.of(RunMetrics.of(List.of(bare)));
    assertNull(s.finalPass1());
    assertNull(s.k());
    assertNull(s.negativeInnerShare());
    assertNull(s.kStar());
    assertTrue(RunSummary.table(List.of(s)).lines().skip(1).findFirst().orElseThrow().contains("none"));
  }

  @Test
  void aRecordOfAnotherRunIsRejected() {
    RunSummary.Accumulator acc = new RunSummary.Accumulator();
    acc.add(SyntheticMetrics.run("a", "pass1", 1, 1, 1, 1).get(0));
    LearnerMetrics other = SyntheticMetrics.run("b", "pass1", 1, 1, 1, 1).get(0);
    assertThrows(IllegalArgumentException.class, () -> acc.add(other));
  }
}
