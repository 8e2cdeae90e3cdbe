package dev.passk.report.testing;

import dev.passk.report.RunMetrics;
import dev.passk.schemas.Evaluation;
import dev.passk.schemas.InterferenceMetrics;
import dev.passk.schemas.LearnerMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Made-up but realistic metrics of a small run, for tests and previews of the report and the
 * dashboard (no training needed). Seeded: a batch of easy and hard prompts whose success rates
 * rise with the step, w_k(p) = k(1-p)^(k-1), agreements that turn negative for hard prompts under
 * pass@k, a k-curve that crosses zero, and an evaluation every few steps.
 */
public final class SyntheticMetrics {

  /** Prompts per batch. */
  public static final int PROMPTS = 8;
  /** Largest k of the k-curve. */
  public static final int MAX_K = 8;
  /** The k of each evaluation's pass@k map. */
  public static final List<Integer> EVALUATED_K = List.of(1, 2, 4, 8);

  private SyntheticMetrics() {}

  /** {@code steps} records of run {@code runId}; an evaluation every {@code evalEvery} steps and at step 1. */
  public static List<LearnerMetrics> run(String runId, String objective, int k, int steps, int evalEvery, long seed) {
    Random random = new Random(seed);
    double skill = 0.2 + 0.05 * random.nextDouble();
    double predictedSinceEval = 0;
    Double previousPass1 = null;
    List<LearnerMetrics> records = new ArrayList<>();
    for (int step = 1; step <= steps; step++) {
      skill = Math.min(0.9, skill + 0.02 + 0.01 * random.nextGaussian());
      List<Double> rates = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      List<Double> agreements = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < PROMPTS; i++) {
        boolean hard = i % 2 == 1;
        double p = clamp((hard ? skill * 0.4 : skill + 0.3) + 0.1 * random.nextGaussian());
        double successes = Math.round(p * 8) / 8.0; // p_hat from 8 samples
        rates.add(successes);
        weights.add(k * Math.pow(1 - successes, k - 1));
        agreements.add((hard ? -0.3 : 0.5) * (1 + 0.5 * random.nextGaussian()));
        labels.add(hard ? "hard" : "easy");
      }
      List<Double> kCurve = new ArrayList<>();
      Integer kStar = null;
      double crossing = 3 + 8 * random.nextDouble(); // k where <g_k, g_1> turns negative; beyond K: no k*
      for (int kk = 1; kk <= MAX_K; kk++) {
        double inner = 0.8 * (1 - (kk - 1) / (crossing - 1)) + 0.05 * random.nextGaussian();
        kCurve.add(inner);
        if (inner < 0 && kStar == null) {
          kStar = kk;
        }
      }
      double innerKOne = kCurve.get(k - 1);
      double predicted = 0.004 + 0.003 * random.nextGaussian();
      predictedSinceEval += predicted;
      long negatives = agreements.stream().filter(a -> a < 0).count();
      double weightTotal = weights.stream().mapToDouble(Double::doubleValue).sum();
      double negativeWeight = 0;
      for (int i = 0; i < PROMPTS; i++) {
        negativeWeight += agreements.get(i) < 0 ? weights.get(i) : 0;
      }
      InterferenceMetrics interference = InterferenceMetrics.newBuilder().setWeights(weights)
          .setAgreements(agreements).setLabels(labels).setNegativeShare((double) negatives / PROMPTS)
          .setNegativeMass(weightTotal == 0 ? 0 : negativeWeight / weightTotal).setInnerKOne(innerKOne)
          .setCosine(Math.max(-1, Math.min(1, innerKOne / 0.9))).setKCurve(kCurve).setKStar(kStar)
          .setPredictedPass1Change(predicted).build();
      Evaluation evaluation = null;
      if (step == 1 || step % evalEvery == 0) {
        double pass1 = clamp(skill * 0.8 + 0.02 * random.nextGaussian());
        Map<String, Double> passAtK = new LinkedHashMap<>();
        for (int kk : EVALUATED_K) {
          passAtK.put(Integer.toString(kk), 1 - Math.pow(1 - pass1, kk));
        }
        evaluation = Evaluation.newBuilder().setPrompts(32).setSamplesPerPrompt(16).setPass1(pass1)
            .setPassAtK(passAtK).setMeasuredPass1Change(previousPass1 == null ? 0 : pass1 - previousPass1)
            .setPredictedPass1Change(previousPass1 == null ? 0 : predictedSinceEval).build();
        previousPass1 = pass1;
        predictedSinceEval = 0;
      }
      double batchPass1 = rates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      records.add(LearnerMetrics.newBuilder().setRunId(runId).setStep(step).setPolicyVersion(step)
          .setObjective(objective).setEstimator(k == 1 ? "pass1" : "pkpo").setK(k)
          .setTimestampMillis(1_780_000_000_000L + step * 1000L).setLoss(-0.1 * random.nextDouble())
          .setMeanReward(batchPass1).setSuccessRates(rates).setBatchPass1(batchPass1)
          .setBatchPassK(rates.stream().mapToDouble(p -> 1 - Math.pow(1 - p, k)).average().orElseThrow())
          .setMeanStaleness(0.5).setDroppedStale(0).setSamplesPerSecond(120 + 10 * random.nextGaussian())
          .setGradNorm(1 + random.nextDouble()).setInterference(interference).setEvaluation(evaluation).build());
    }
    return records;
  }

  /** One run per objective, as the demo produces them. */
  public static List<RunMetrics> demoRuns(int steps) {
    return List.of(
        RunMetrics.of(run("demo-pass1", "pass1", 1, steps, 5, 1)),
        RunMetrics.of(run("demo-passk", "passk", 8, steps, 5, 2)),
        RunMetrics.of(run("demo-adaptive", "adaptive-k", 4, steps, 5, 3)));
  }

  private static double clamp(double p) {
    return Math.max(0, Math.min(1, p));
  }
}
