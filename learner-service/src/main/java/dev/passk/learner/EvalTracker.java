package dev.passk.learner;

import dev.passk.schemas.Evaluation;
import dev.passk.training.EvalResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pairs each evaluation's measured pass@1 change with the first-order changes the steps since the
 * previous evaluation predicted (sum of <g_1, u> per step, science notes section 4), so the sign
 * agreement of prediction and measurement can be read off the metrics.
 */
public final class EvalTracker {

  private Double previousPass1;
  private double predictedSinceLast;

  /** Adds one step's predicted pass@1 change; NaN (not computed) adds nothing. */
  public void stepPredicted(double predictedPass1Change) {
    if (!Double.isNaN(predictedPass1Change)) {
      predictedSinceLast += predictedPass1Change;
    }
  }

  /** The evaluation record: measured change = pass1 - previous pass1 (0 at the first), then resets the sum. */
  public Evaluation evaluated(EvalResult result) {
    double measured = previousPass1 == null ? 0 : result.pass1() - previousPass1;
    Map<String, Double> byK = new LinkedHashMap<>();
    result.passAtK().forEach((k, v) -> byK.put(Integer.toString(k), v));
    Evaluation record = Evaluation.newBuilder()
        .setPrompts(result.prompts())
        .setSamplesPerPrompt(result.samplesPerPrompt())
        .setPass1(result.pass1())
        .setPassAtK(byK)
        .setMeasuredPass1Change(measured)
        .setPredictedPass1Change(previousPass1 == null ? 0 : predictedSinceLast)
        .build();
    previousPass1 = result.pass1();
    predictedSinceLast = 0;
    return record;
  }
}
