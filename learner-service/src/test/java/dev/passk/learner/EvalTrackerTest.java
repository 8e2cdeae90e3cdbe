package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.passk.schemas.Evaluation;
import dev.passk.training.EvalResult;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EvalTrackerTest {

  private static EvalResult result(double pass1, double pass4) {
    return new EvalResult(16, 8, pass1, new TreeMap<>(Map.of(1, pass1, 4, pass4)));
  }

  @Test
  void eachEvaluationPairsTheMeasuredChangeWithTheSumOfPredictionsSinceThePrevious() {
    EvalTracker tracker = new EvalTracker();
    tracker.stepPredicted(0.5); // before any evaluation: no baseline to compare with
    Evaluation first = tracker.evaluated(result(0.25, 0.5));
    assertEquals(0, first.getMeasuredPass1Change());
    assertEquals(0, first.getPredictedPass1Change());
    assertEquals(Map.of("1", 0.25, "4", 0.5), first.getPassAtK());
    assertEquals(16, first.getPrompts());
    assertEquals(8, first.getSamplesPerPrompt());

    tracker.stepPredicted(0.125);
    tracker.stepPredicted(Double.NaN); // a step without a prediction adds nothing
    tracker.stepPredicted(-0.0625);
    Evaluation second = tracker.evaluated(result(0.375, 0.75));
    assertEquals(0.125, second.getMeasuredPass1Change(), 1e-15);
    assertEquals(0.0625, second.getPredictedPass1Change(), 1e-15);

    Evaluation third = tracker.evaluated(result(0.25, 0.75));
    assertEquals(-0.125, third.getMeasuredPass1Change(), 1e-15);
    assertEquals(0, third.getPredictedPass1Change(), "the sum restarts at every evaluation");
  }
}
