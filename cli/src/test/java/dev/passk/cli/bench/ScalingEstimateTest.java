package dev.passk.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The replica arithmetic by hand: T_s = 2.1 s to sample a step, T_v = 0.25 s to verify it, 0.05 s
 * of the learner's step spent on Avro, 512 completions a step. 2.1 / 1.0 tells ceil (3) from floor
 * or round (2).
 */
class ScalingEstimateTest {

  private final ScalingEstimate estimate = new ScalingEstimate(2.1, 0.25, 0.05, 512);

  @Test
  void aOneSecondLearnerKeepsThreeSamplersAndOneVerifierBusy() {
    ScalingEstimate.Plan plan = estimate.plan(1.0);
    assertEquals(3, plan.samplers());
    assertEquals(1, plan.verifiers());
    assertEquals(5, plan.cores());
    assertEquals(1.0, plan.stepsPerSecond(), 1e-12);
    assertEquals(512.0, plan.completionsPerSecond(), 1e-9);
    assertEquals(0.05, plan.wireShare(), 1e-12);
  }

  @Test
  void anExactMultipleAsksForThatManyReplicasDespiteRounding() {
    ScalingEstimate.Plan plan = estimate.plan(0.3); // 2.1 / 0.3 = 7.000000000000001 in doubles
    assertEquals(7, plan.samplers());
    assertEquals(1, plan.verifiers());
    assertEquals(9, plan.cores());
    assertEquals(1 / 0.3, plan.stepsPerSecond(), 1e-9);
    assertEquals(512 / 0.3, plan.completionsPerSecond(), 1e-6);
    assertEquals(0.05 / 0.3, plan.wireShare(), 1e-12);
  }

  @Test
  void aTenTimesFasterLearnerNeedsTenTimesTheSamplers() {
    ScalingEstimate.Plan plan = estimate.plan(0.1);
    assertEquals(21, plan.samplers());
    assertEquals(3, plan.verifiers()); // ceil(2.5)
    assertEquals(25, plan.cores());
    assertEquals(10.0, plan.stepsPerSecond(), 1e-9);
  }

  @Test
  void aSlowLearnerStillNeedsOneReplicaOfEachStage() {
    ScalingEstimate.Plan plan = estimate.plan(10.0);
    assertEquals(1, plan.samplers());
    assertEquals(1, plan.verifiers());
    assertEquals(3, plan.cores());
    assertEquals(0.1, plan.stepsPerSecond(), 1e-12);
  }

  @Test
  void theSlowestStagePacesTheStepsWhenReplicasAreShort() {
    assertEquals(2 / 2.1, estimate.stepsPerSecond(1.0, 2, 1), 1e-12); // samplers bound
    assertEquals(8.0, estimate.stepsPerSecond(0.1, 21, 2), 1e-9); // verifiers bound: 2 / 0.25
    assertEquals(0.5, estimate.stepsPerSecond(2.0, 5, 5), 1e-12); // learner bound
  }

  @Test
  void aFasterLearnerComputesFasterButDecodesItsRecordsAsBefore() {
    assertEquals(0.15, estimate.fasterLearner(1.05, 10), 1e-12); // (1.05 - 0.05) / 10 + 0.05
    assertEquals(1.05, estimate.fasterLearner(1.05, 1), 1e-12);
  }

  @Test
  void timesThatCannotBeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> estimate.plan(0));
    assertThrows(IllegalArgumentException.class, () -> estimate.plan(0.04)); // less than its own Avro work
    assertThrows(IllegalArgumentException.class, () -> new ScalingEstimate(0, 0.25, 0.05, 512));
    assertThrows(IllegalArgumentException.class, () -> new ScalingEstimate(2.1, 0.25, 0.05, 0));
  }
}
