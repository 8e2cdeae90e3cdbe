package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.math.InterferenceReport;
import dev.passk.schemas.Evaluation;
import dev.passk.schemas.InterferenceMetrics;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.training.ImportanceRatioStatistics;
import dev.passk.training.StepOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MetricsMappingTest {

  private static final MetricsMapping.RunFacts RUN = new MetricsMapping.RunFacts("run-1", "passk", "pkpo");

  private static StepOutcome outcome(Optional<InterferenceReport> report) {
    return new StepOutcome(7, 4, -0.25, 1.5, 0.375, new double[] {0.25, 0.5}, 0.375, 0.625, 1.5, 1,
        new ImportanceRatioStatistics(0.01, -0.02, 0.05, 0.0), List.of("a@1", "b@2"), report);
  }

  private static InterferenceReport report(OptionalInt kStar, OptionalDouble predicted) {
    return new InterferenceReport(3, List.of(0.25, 0.5), List.of(1.6875, 0.75), List.of(0.1, -0.2), 0.5, 0.3077,
        -0.05, -0.4, 0.9, 0.8, List.of(0.02, -0.01, -0.05), kStar, predicted, false);
  }

  @Test
  void everyStepFieldLandsInItsSchemaFieldAndAbsentPartsAreNull() {
    LearnerMetrics m = MetricsMapping.toRecord(RUN, outcome(Optional.empty()),
        new MetricsMapping.StepFacts(5, 9, 123.5, List.of(), 1000), null);
    assertEquals("run-1", m.getRunId());
    assertEquals(7, m.getStep());
    assertEquals(5, m.getPolicyVersion());
    assertEquals("passk", m.getObjective());
    assertEquals("pkpo", m.getEstimator());
    assertEquals(4, m.getK());
    assertEquals(1000, m.getTimestampMillis());
    assertEquals(-0.25, m.getLoss());
    assertEquals(0.375, m.getMeanReward());
    assertEquals(List.of(0.25, 0.5), m.getSuccessRates());
    assertEquals(0.375, m.getBatchPass1());
    assertEquals(0.625, m.getBatchPassK());
    assertEquals(1.5, m.getMeanStaleness());
    assertEquals(9, m.getDroppedStale(), "the run's cumulative count, not the step's");
    assertEquals(123.5, m.getSamplesPerSecond());
    assertEquals(1.5, m.getGradNorm());
    assertNull(m.getInterference());
    assertNull(m.getEvaluation());
  }

  @Test
  void theInterferenceReportMapsFieldByField() {
    Evaluation evaluation = Evaluation.newBuilder().setPrompts(1).setSamplesPerPrompt(2).setPass1(0.5)
        .setPassAtK(Map.of("2", 0.75)).setMeasuredPass1Change(0.1).setPredictedPass1Change(0.2).build();
    LearnerMetrics m = MetricsMapping.toRecord(RUN, outcome(Optional.of(report(OptionalInt.of(2), OptionalDouble.of(0.03)))),
        new MetricsMapping.StepFacts(5, 0, 0, List.of("easy", "hard"), 0), evaluation);
    InterferenceMetrics i = m.getInterference();
    assertEquals(List.of(1.6875, 0.75), i.getWeights());
    assertEquals(List.of(0.1, -0.2), i.getAgreements());
    assertEquals(List.of("easy", "hard"), i.getLabels());
    assertEquals(0.5, i.getNegativeShare());
    assertEquals(0.3077, i.getNegativeMass());
    assertEquals(-0.05, i.getInnerKOne());
    assertEquals(-0.4, i.getCosine());
    assertEquals(List.of(0.02, -0.01, -0.05), i.getKCurve());
    assertEquals(2, i.getKStar());
    assertEquals(0.03, i.getPredictedPass1Change());
    assertSame(evaluation, m.getEvaluation());
  }

  @Test
  void noThresholdIsNullAndNoPredictionIsNaN() {
    InterferenceMetrics i = MetricsMapping.interference(report(OptionalInt.empty(), OptionalDouble.empty()), List.of());
    assertNull(i.getKStar());
    assertTrue(Double.isNaN(i.getPredictedPass1Change()));
    assertEquals(List.of(), i.getLabels());
  }
}
