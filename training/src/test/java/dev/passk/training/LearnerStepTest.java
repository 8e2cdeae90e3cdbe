package dev.passk.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.passk.math.AdvantageEstimators;
import dev.passk.math.InterferenceDiagnostics;
import dev.passk.math.InterferenceReport;
import dev.passk.math.PromptGradients;
import dev.passk.policy.CharTokenizer;
import dev.passk.policy.Completion;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer.Normalisation;
import dev.passk.policy.SamplingSettings;
import dev.passk.policy.Sequence;
import dev.passk.policy.SequenceLogprobs;
import dev.passk.policy.TrainerSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnerStepTest {

  private static final int N = 8;

  private static UpdateSettings settings(double cap, boolean diagnostics) {
    return new UpdateSettings(TrainerSettings.defaults().withLearningRate(1e-3),
        Normalisation.SEQUENCE, 4, cap, diagnostics);
  }

  /**
   * N completions of {@code prompt}: {@code countA} answers "A" spread over both halves, the rest
   * "B"; reward 1 for the right letter.
   */
  private static ScoredGroup group(String id, String prompt, int countA, boolean aIsRight,
      long version) {
    List<String> completions = new ArrayList<>();
    double[] rewards = new double[N];
    for (int i = 0; i < N; i++) {
      boolean a = (i * 5) % N < countA; // i -> 5i mod 8 is a permutation that interleaves
      completions.add(a ? "A" : "B");
      rewards[i] = a == aIsRight ? 1 : 0;
    }
    return new ScoredGroup(id, 0, prompt, completions, rewards, new double[N], version);
  }

  /**
   * Five prompts where helping the low-success one hurts the others: the same text with answer A
   * right for four (p = 3/4) and B right for one (p = 1/4). Their pass@1 gradients are exactly
   * opposite, pass@k re-weights toward the hard one, so &lt;g_k, g_1&gt; &lt; 0 for k &gt;= 4 while
   * ||g_1||^2 &gt; 0 (four against one).
   */
  private static List<ScoredGroup> conflicting() {
    List<ScoredGroup> groups = new ArrayList<>();
    for (int x = 0; x < 5; x++) {
      groups.add(group(x == 2 ? "hard" : "easy-" + x, "s=+0.10?", 6, x != 2, 0));
    }
    return groups;
  }

  private static List<Sequence> sequences(Policy policy, List<ScoredGroup> groups) {
    List<Sequence> sequences = new ArrayList<>();
    groups.forEach(g -> g.completions().forEach(c -> sequences.add(policy.encode(g.prompt(), c))));
    return sequences;
  }

  /** Per-sample head gradients as explicit Java vectors (from the fast path, before the step). */
  private static double[][] scores(Policy policy, List<Sequence> sequences, NDManager out) {
    double[][] identity = new double[sequences.size()][sequences.size()];
    for (int i = 0; i < identity.length; i++) {
      identity[i][i] = 1;
    }
    NDArray rows = policy.headGradients(sequences, out).combine(identity, out)
        .toType(DataType.FLOAT64, false);
    double[][] result = new double[identity.length][];
    for (int i = 0; i < identity.length; i++) {
      result[i] = rows.get(i).toDoubleArray();
    }
    return result;
  }

  private static double[][] groupScores(double[][] scores, int group) {
    return Arrays.copyOfRange(scores, group * N, (group + 1) * N);
  }

  private static double[] sum(double[][] scores, double[] coefficients) {
    double[] v = new double[scores[0].length];
    for (int i = 0; i < scores.length; i++) {
      for (int j = 0; j < v.length; j++) {
        v[j] += coefficients[i] * scores[i][j];
      }
    }
    return v;
  }

  private static double offDiagonalMean(double[][] a, double[][] b) {
    double total = 0;
    for (int x = 0; x < a.length; x++) {
      for (int y = 0; y < b.length; y++) {
        total += x == y ? 0 : PromptGradients.dot(a[x], b[y]);
      }
    }
    return total / (a.length * (a.length - 1.0));
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-4 * Math.abs(expected) + 1e-9, what);
  }

  @Test
  void staleGroupsAreDroppedAndCountedAndAllStaleSkipsTheUpdate() throws Exception {
    try (Policy policy = Policy.tiny(1, Device.cpu());
        LearnerStep step = new LearnerStep(policy, ObjectiveSettings.parse("pass1", "pkpo", 4),
            settings(0, false))) {
      List<ScoredGroup> groups = List.of(group("now", "s=+0.10?", 5, true, 10),
          group("limit", "s=-0.20?", 3, true, 6), group("old", "s=+0.50?", 4, true, 5),
          group("older", "s=+0.50?", 4, true, 1));
      StepOutcome outcome = step.apply(groups, 10);
      assertEquals(2, outcome.droppedStale());
      assertEquals(List.of("now", "limit"), outcome.trainedPromptIds());
      assertEquals(2.0, outcome.meanStaleness(), 1e-12);
      assertEquals(1, outcome.step());
      assertEquals((5.0 / 8 + 3.0 / 8) / 2, outcome.batchPass1(), 1e-12);
      StepOutcome skipped = step.apply(List.of(groups.get(2), groups.get(3)), 10);
      assertTrue(skipped.skipped());
      assertEquals(2, skipped.droppedStale());
      assertEquals(1, step.steps(), "no update when every group is stale");
    }
  }

  @Test
  void importanceRatiosAreTruncatedRatiosOfCurrentToSamplingLogprobs() throws Exception {
    double temperature = 0.7;
    double cap = 1.5;
    try (Policy policy = Policy.tiny(2, Device.cpu());
        LearnerStep step = new LearnerStep(policy, ObjectiveSettings.parse("pass1", "pkpo", 2),
            settings(cap, false), temperature)) {
      List<ScoredGroup> plain = List.of(group("a", "s=+0.10?", 5, true, 0),
          group("b", "s=-0.40?", 2, true, 0));
      List<Sequence> sequences = sequences(policy, plain);
      double[] current = policy.logprobs(sequences, temperature).stream()
          .mapToDouble(SequenceLogprobs::sum).toArray();
      double[] offsets = {-2, -0.1, 0, 0.3, 1, -0.5, 0.05, 2};
      List<ScoredGroup> groups = new ArrayList<>();
      double[] expected = new double[2 * N];
      for (int x = 0; x < 2; x++) {
        ScoredGroup g = plain.get(x);
        double[] sampling = new double[N];
        double[] pass1 = AdvantageEstimators.byName("pass1").advantages(g.rewards(), 1);
        for (int i = 0; i < N; i++) {
          sampling[i] = current[x * N + i] - offsets[(i + 3 * x) % N];
          expected[x * N + i] = Math.min(cap, Math.exp(offsets[(i + 3 * x) % N])) * pass1[i] * N;
        }
        groups.add(new ScoredGroup(g.promptId(), 0, g.prompt(), g.completions(), g.rewards(),
            sampling, 0));
      }
      StepOutcome outcome = step.apply(groups, 0);
      double[] weights = step.lastSampleWeights();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], weights[i], 1e-5 * Math.abs(expected[i]) + 1e-9, "sample " + i);
      }
      ImportanceRatioStatistics ratios = outcome.importanceRatios();
      assertEquals(Arrays.stream(offsets).average().orElseThrow(), ratios.meanLogRatio(), 1e-5);
      assertEquals(-2, ratios.minLogRatio(), 1e-5);
      assertEquals(2, ratios.maxLogRatio(), 1e-5);
      assertEquals(2.0 / N, ratios.truncatedFraction(), 1e-12, "offsets 1 and 2 exceed log 1.5");
    }
  }

  /**
   * A sample re-scored by the weights that drew it has importance ratio 1 (log ratio 0 up to float
   * rounding), also when it was cut off at the length limit (no stop token) or holds a special
   * token that its decoded text leaves out: the learner scores the sampled ids. Re-encoding the
   * texts as finished answers (what the learner did before) scores other sequences.
   */
  @Test
  void aSampleRescoredByTheWeightsThatDrewItHasRatioOneEvenWhenCutOffOrHoldingASpecialToken()
      throws Exception {
    try (Policy policy = Policy.tiny(3, Device.cpu());
        LearnerStep step = new LearnerStep(policy, ObjectiveSettings.parse("pass1", "pkpo", 2),
            settings(2, false))) {
      List<String> prompts = List.of("s=+0.10?", "s=-0.40?", "s=+0.90?", "s=-0.70?");
      List<List<Completion>> drawn = policy.sample(prompts, N, new SamplingSettings(1, 1, 3), 5);
      List<ScoredGroup> groups = new ArrayList<>();
      for (int x = 0; x < prompts.size(); x++) {
        double[] rewards = new double[N];
        for (int i = 0; i < N; i++) {
          rewards[i] = (i + x) % 3 == 0 ? 1 : 0;
        }
        groups.add(ScoredGroup.sampled("p" + x, prompts.get(x), drawn.get(x), rewards, 0));
      }
      List<Completion> all = drawn.stream().flatMap(List::stream).toList();
      assertTrue(all.stream().anyMatch(c -> c.finishReason() == Completion.FinishReason.LENGTH),
          "the fixture has completions cut off at the length limit");
      assertTrue(all.stream().anyMatch(LearnerStepTest::holdsSpecialToken),
          "the fixture has completions holding a special token");
      List<ScoredGroup> textsOnly = groups.stream().map(g -> new ScoredGroup(g.promptId(), 0,
          g.prompt(), g.completions(), g.rewards(), g.samplingLogprobs(), 0)).toList();
      double[] reencoded = policy.logprobs(sequences(policy, textsOnly)).stream()
          .mapToDouble(SequenceLogprobs::sum).toArray();
      double[] sampling = all.stream().mapToDouble(Completion::logprob).toArray();
      assertTrue(ImportanceRatioStatistics.of(reencoded, sampling, 2).maxAbsLogRatio() > 1,
          "re-encoded texts are other sequences than the sampled ones");

      ImportanceRatioStatistics ratios = step.apply(groups, 0).importanceRatios();
      assertTrue(ratios.maxAbsLogRatio() < 1e-4, "fresh samples: " + ratios);
      assertEquals(0, ratios.truncatedFraction());
    }
  }

  /** A pad, BOS or unknown token before the completion's end (the decoded text drops it). */
  private static boolean holdsSpecialToken(Completion completion) {
    long unknown = CharTokenizer.vocabulary().indexOf(CharTokenizer.UNK);
    return Arrays.stream(completion.tokenIds()).anyMatch(id -> id == CharTokenizer.PAD_ID
        || id == CharTokenizer.BOS_ID || id == unknown);
  }

  @Test
  void theReportMatchesTheExplicitVectorReferenceAndPredictsTheAppliedHeadChange()
      throws Exception {
    try (Policy policy = Policy.tiny(3, Device.cpu());
        NDManager out = NDManager.newBaseManager(Device.cpu());
        LearnerStep step = new LearnerStep(policy,
            ObjectiveSettings.parse("passk", "pkpo-loo1", 4), settings(0, true))) {
      List<ScoredGroup> groups = List.of(group("a", "s=+0.10?", 6, true, 0),
          group("b", "s=-0.60?", 2, true, 0), group("c", "s=+0.90?", 3, false, 0));
      double[][] scores = scores(policy, sequences(policy, groups), out);
      double[][] g = new double[3][];
      double[] self = new double[3];
      double[] pHat = new double[3];
      for (int x = 0; x < 3; x++) {
        g[x] = PromptGradients.estimate(groupScores(scores, x), groups.get(x).rewards());
        self[x] = PromptGradients.splitHalfSelfKernel(groupScores(scores, x),
            groups.get(x).rewards());
        pHat[x] = Arrays.stream(groups.get(x).rewards()).average().orElseThrow();
      }
      NDArray before = policy.parameter(policy.headParameterName(), out).flatten()
          .toType(DataType.FLOAT64, false);
      InterferenceReport report = step.apply(groups, 0).interference().orElseThrow();
      double[] u = policy.parameter(policy.headParameterName(), out).flatten()
          .toType(DataType.FLOAT64, false).sub(before).toDoubleArray();
      double[] products = Arrays.stream(g).mapToDouble(v -> PromptGradients.dot(v, u)).toArray();
      InterferenceReport expected = InterferenceDiagnostics.builder().setSuccessRates(pHat)
          .setGram(PromptGradients.gram(g)).setK(4).optSplitHalfSelfKernels(self)
          .optUpdateProducts(products).build();
      assertTrue(report.selfPairsIncluded());
      for (int kk = 0; kk < 4; kk++) {
        assertClose(expected.innerProductCurve().get(kk), report.innerProductCurve().get(kk),
            "curve at k = " + (kk + 1));
      }
      for (int x = 0; x < 3; x++) {
        assertClose(expected.agreements().get(x), report.agreements().get(x), "a_hat " + x);
      }
      assertClose(expected.normPass1(), report.normPass1(), "||g_1||");
      double predicted = report.predictedPass1Change().orElseThrow();
      assertNotEquals(0.0, predicted);
      assertClose(expected.predictedPass1Change().orElseThrow(), predicted, "predicted dJ1");
    }
  }

  @Test
  void projectionRemovesTheComponentAlongG1ExactlyAsTheVectorComputationDoes() throws Exception {
    try (Policy policy = Policy.tiny(4, Device.cpu());
        NDManager out = NDManager.newBaseManager(Device.cpu());
        LearnerStep step = new LearnerStep(policy,
            ObjectiveSettings.parse("projection", "pkpo-loo1", 4), settings(0, false))) {
      List<ScoredGroup> groups = conflicting();
      double[][] scores = scores(policy, sequences(policy, groups), out);
      int b = groups.size();
      double[][] g1 = new double[b][];
      double[][] gk = new double[b][];
      List<double[]> pass1 = new ArrayList<>();
      List<double[]> passK = new ArrayList<>();
      for (int x = 0; x < b; x++) {
        pass1.add(AdvantageEstimators.byName("pass1").advantages(groups.get(x).rewards(), 1));
        passK.add(AdvantageEstimators.byName("pkpo-loo1").advantages(groups.get(x).rewards(), 4));
        g1[x] = sum(groupScores(scores, x), pass1.get(x));
        gk[x] = sum(groupScores(scores, x), passK.get(x));
      }
      double inner = offDiagonalMean(gk, g1);
      assertTrue(inner < 0, "the fixture conflicts: " + inner);
      double pass1NormSquared = offDiagonalMean(g1, g1);
      assertTrue(pass1NormSquared > 0, "the fixture's ||g_1||^2 estimate: " + pass1NormSquared);
      double c = inner / pass1NormSquared;
      step.apply(groups, 0);
      assertClose(c, step.lastProjectionCoefficient(), "projection coefficient");
      double[] weights = step.lastSampleWeights();
      for (int x = 0; x < b; x++) {
        for (int i = 0; i < N; i++) {
          double expected = (passK.get(x)[i] - c * pass1.get(x)[i]) * N;
          assertEquals(expected, weights[x * N + i], 1e-4 * Math.abs(expected) + 1e-7);
        }
      }
      // the projected direction has no negative component along g_1 (in the same U-statistic)
      double[][] projected = new double[b][];
      for (int x = 0; x < b; x++) {
        double[] coefficients = new double[N];
        for (int i = 0; i < N; i++) {
          coefficients[i] = passK.get(x)[i] - c * pass1.get(x)[i];
        }
        projected[x] = sum(groupScores(scores, x), coefficients);
      }
      assertEquals(0, offDiagonalMean(projected, g1), 1e-9 * Math.abs(inner));
    }
  }

  @Test
  void adaptiveKIsTheLargestKWhoseCurveValueIsNonNegative() throws Exception {
    try (Policy policy = Policy.tiny(5, Device.cpu());
        LearnerStep step = new LearnerStep(policy,
            ObjectiveSettings.parse("adaptive-k", "pkpo", 8), settings(0, false))) {
      List<ScoredGroup> groups = conflicting();
      StepOutcome outcome = step.apply(groups, 0);
      List<Double> curve = outcome.interference().orElseThrow().innerProductCurve();
      int expected = 1;
      for (int k = curve.size(); k >= 1; k--) {
        if (curve.get(k - 1) >= 0) {
          expected = k;
          break;
        }
      }
      assertEquals(expected, outcome.k());
      assertTrue(outcome.k() < 8 && curve.get(7) < 0, "the fixture conflicts at K: " + curve);
      double[] weights = step.lastSampleWeights();
      for (int x = 0; x < groups.size(); x++) {
        double[] advantages = expected == 1
            ? AdvantageEstimators.byName("pass1").advantages(groups.get(x).rewards(), 1)
            : AdvantageEstimators.byName("pkpo").advantages(groups.get(x).rewards(), expected);
        for (int i = 0; i < N; i++) {
          assertEquals(advantages[i] * N, weights[x * N + i], 1e-12);
        }
      }
    }
  }

  @Test
  void tooFewSamplesForKIsAClearError() throws Exception {
    try (Policy policy = Policy.tiny(6, Device.cpu());
        LearnerStep step = new LearnerStep(policy, ObjectiveSettings.parse("passk", "pkpo", 16),
            settings(0, false))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> step.apply(conflicting(), 0));
      assertTrue(e.getMessage().contains("n >= k = 16"), e.getMessage());
    }
  }
}
