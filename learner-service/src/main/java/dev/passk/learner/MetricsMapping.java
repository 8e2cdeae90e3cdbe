package dev.passk.learner;

import dev.passk.math.InterferenceReport;
import dev.passk.schemas.Evaluation;
import dev.passk.schemas.InterferenceMetrics;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.training.StepOutcome;
import java.util.Arrays;
import java.util.List;

/** Maps what one learner step did onto the {@code metrics} record (LearnerMetrics.avsc). */
public final class MetricsMapping {

  /**
   * The run-wide facts of a metrics record.
   *
   * @param objective as configured: pass1, passk, adaptive-k or projection
   * @param estimator the advantage estimator (pass1 for the pass1 objective)
   */
  public record RunFacts(String runId, String objective, String estimator) {}

  /**
   * What the service measured around the step.
   *
   * @param policyVersion the newest version announced when the update was applied: the version the
   *     samplers were asked to use (a checkpoint taken at this step is announced on policy-versions
   *     right after this record and shows in the next one)
   * @param droppedStaleTotal groups dropped for staleness since the run began (this process's count)
   * @param samplesPerSecond scored samples consumed per second since the previous step
   * @param labels per trained group (batch order) its task label, or empty when the task has none
   */
  public record StepFacts(long policyVersion, long droppedStaleTotal, double samplesPerSecond,
      List<String> labels, long timestampMillis) {}

  private MetricsMapping() {}

  public static LearnerMetrics toRecord(RunFacts run, StepOutcome outcome, StepFacts facts,
      Evaluation evaluation) {
    return LearnerMetrics.newBuilder()
        .setRunId(run.runId())
        .setStep(outcome.step())
        .setPolicyVersion(facts.policyVersion())
        .setObjective(run.objective())
        .setEstimator(run.estimator())
        .setK(outcome.k())
        .setTimestampMillis(facts.timestampMillis())
        .setLoss(outcome.loss())
        .setMeanReward(outcome.meanReward())
        .setSuccessRates(boxed(outcome.successRates()))
        .setBatchPass1(outcome.batchPass1())
        .setBatchPassK(outcome.batchPassK())
        .setMeanStaleness(outcome.meanStaleness())
        .setDroppedStale(facts.droppedStaleTotal())
        .setSamplesPerSecond(facts.samplesPerSecond())
        .setGradNorm(outcome.gradNorm())
        .setInterference(outcome.interference().map(r -> interference(r, facts.labels())).orElse(null))
        .setEvaluation(evaluation)
        .build();
  }

  /** The report's fields by their schema names; NaN where the report has no predicted change. */
  static InterferenceMetrics interference(InterferenceReport report, List<String> labels) {
    return InterferenceMetrics.newBuilder()
        .setWeights(report.passAtKWeights())
        .setAgreements(report.agreements())
        .setLabels(List.copyOf(labels))
        .setNegativeShare(report.negativeShare())
        .setNegativeMass(report.negativeWeightMass())
        .setInnerKOne(report.innerProduct())
        .setCosine(report.cosine())
        .setKCurve(report.innerProductCurve())
        .setKStar(report.thresholdK().isPresent() ? report.thresholdK().getAsInt() : null)
        .setPredictedPass1Change(report.predictedPass1Change().orElse(Double.NaN))
        .build();
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
