package dev.passk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.passk.math.AdvantageEstimator;
import dev.passk.math.AdvantageEstimators;
import dev.passk.math.ConflictAwareDirection;
import dev.passk.math.InterferenceDiagnostics;
import dev.passk.math.InterferenceReport;
import dev.passk.math.PassAtK;
import dev.passk.policy.HeadGradients;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import dev.passk.policy.PolicyTrainer.ForwardPass;
import dev.passk.policy.Sequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The update: advantages for the objective, staleness filter, importance ratio, AdamW step,
 * diagnostics. Single-threaded: the thread that calls {@link #apply} owns the gradients (one
 * GradientCollector per JVM).
 *
 * <p>One step, for the B groups within the staleness bound (x a group, i its samples):
 * <ol>
 *   <li>one forward pass under the current weights gives log pi(y_i | x) (for the truncated
 *       importance ratio rho_i, see {@link ImportanceRatios}) and the head-gradient factors (see
 *       {@link HeadGradients});</li>
 *   <li>per-prompt pass@1 gradient estimates restricted to the output head,
 *       g(x) = sum_i rho_i A1_i grad_head log pi(y_i | x) with the leave-one-out pass1 advantages
 *       A1 (notes section 4), their B x B Gram matrix and split-half self-kernels give the
 *       {@link InterferenceReport} (curve k -&gt; &lt;g_k, g_1&gt; up to K);</li>
 *   <li>per-sample advantages A_i by objective: PASS1 A1; PASSK the estimator at k; ADAPTIVE_K
 *       the estimator at the largest k &lt;= K whose estimated &lt;g_k, g_1&gt; &gt;= 0 on the curve
 *       ({@link ConflictAwareDirection#adaptiveK}; at k = 1 the pass1 estimator, same gradient in
 *       expectation, lower variance); PROJECTION Ak_i - c A1_i with
 *       c = U(g_k, g_1) / U(g_1, g_1) when U(g_k, g_1) &lt; 0, else 0, where
 *       U(a, b) = (1/(B(B-1))) sum_{x != x'} &lt;a(x), b(x')&gt; over head gradients and
 *       g_k(x) = sum_i rho_i Ak_i grad_head log pi(y_i | x) uses the update's own advantages (so
 *       the estimators' scales, e.g. chen's 1/sigma, are respected). Then
 *       &lt;g_k - c g_1, g_1&gt; = max(0, &lt;g_k, g_1&gt;) in estimate: PCGrad (Yu et al. 2020) in
 *       the head subspace, applied to all parameters through the per-sample weights;</li>
 *   <li>one AdamW step on loss = -(1/B) sum_x sum_i rho_i A_i log pi(y_i | x) (SEQUENCE
 *       normalisation, the default: the unbiased estimate of the objective's gradient, each
 *       completion counts once whatever its length), or, with TOKEN normalisation,
 *       -(sum_x sum_i rho_i A_i log pi(y_i | x)) / (total completion tokens) (DAPO-style,
 *       length-weighted);</li>
 *   <li>the predicted pass@1 change of the applied update: (1/B) sum_x &lt;g(x), u&gt; with u the
 *       change of the head matrix. When the head is tied to the embedding (the tiny default), u is
 *       that matrix's whole change but g(x) only its output-layer role, so the prediction is the
 *       first-order change through the output layer.</li>
 * </ol>
 */
public final class LearnerStep implements AutoCloseable {

  private static final AdvantageEstimator PASS1 = AdvantageEstimators.byName("pass1");

  private final Policy policy;
  private final ObjectiveSettings objective;
  private final UpdateSettings update;
  private final double samplingTemperature;
  private final AdvantageEstimator estimator;
  private final PolicyTrainer trainer;
  private double[] lastSampleWeights = new double[0];
  private double lastProjectionCoefficient;

  /** Samples are assumed drawn at temperature 1 (the importance ratio compares log-probs at it). */
  public LearnerStep(Policy policy, ObjectiveSettings objective, UpdateSettings update) {
    this(policy, objective, update, 1.0);
  }

  /**
   * @param samplingTemperature the temperature the sampler drew at: the importance ratio compares
   *     current and sampling log-probs of softmax(logits / samplingTemperature)
   */
  public LearnerStep(Policy policy, ObjectiveSettings objective, UpdateSettings update,
      double samplingTemperature) {
    if (!(samplingTemperature > 0)) {
      throw new IllegalArgumentException("samplingTemperature must be > 0 (the importance ratio "
          + "needs the sampling distribution), got " + samplingTemperature);
    }
    this.policy = policy;
    this.objective = objective;
    this.update = update;
    this.samplingTemperature = samplingTemperature;
    this.estimator = objective.objective() == Objective.PASS1 ? PASS1
        : AdvantageEstimators.byName(objective.estimator());
    this.trainer = new PolicyTrainer(policy, update.trainer());
  }

  /**
   * Applies one update built from the groups within the staleness bound.
   *
   * @param currentVersion the version of the policy being trained
   * @return what the step did; {@link StepOutcome#skipped()} when every group was stale (no update)
   * @throws IllegalArgumentException when a group has fewer samples than the objective needs
   */
  public StepOutcome apply(List<ScoredGroup> groups, long currentVersion) {
    List<ScoredGroup> fresh = new ArrayList<>();
    for (ScoredGroup group : groups) {
      if (currentVersion - group.policyVersion() <= update.maxStaleness()) {
        fresh.add(group);
      }
    }
    int dropped = groups.size() - fresh.size();
    int reportK = objective.kAt(trainer.steps());
    if (fresh.isEmpty()) {
      return new StepOutcome(trainer.steps(), reportK, Double.NaN, Double.NaN, Double.NaN,
          new double[0], Double.NaN, Double.NaN, Double.NaN, dropped, ImportanceRatioStatistics.NONE,
          List.of(), Optional.empty());
    }
    for (ScoredGroup group : fresh) {
      if (group.size() < Math.max(2, reportK)) {
        throw new IllegalArgumentException("group " + group.promptId() + " has " + group.size()
            + " samples; the update needs n >= 2 and n >= k = " + reportK
            + " (raise samples per prompt or lower k)");
      }
    }
    BatchLayout layout = new BatchLayout(fresh);
    List<Sequence> sequences = new ArrayList<>(layout.samples());
    for (ScoredGroup group : fresh) {
      sequences.addAll(group.sequences(policy));
    }
    double[] pHat = fresh.stream().mapToDouble(g -> PassAtK.estimate(g.rewards(), 1)).toArray();
    boolean conflictAware = objective.objective() == Objective.ADAPTIVE_K
        || objective.objective() == Objective.PROJECTION;
    if (conflictAware && fresh.size() < 2) {
      throw new IllegalArgumentException("objective " + objective.objective()
          + " estimates <g_k, g_1> across prompts and needs at least 2 groups per step, got "
          + fresh.size());
    }
    boolean diagnose = conflictAware || (update.diagnostics() && fresh.size() >= 2);
    try (NDManager scratch = NDManager.newBaseManager(policy.device())) {
      Decision decision = new Decision(fresh, layout, pHat, reportK, diagnose, scratch);
      NDArray headBefore = diagnose
          ? policy.parameter(policy.headParameterName(), scratch).flatten() : null;
      PolicyTrainer.StepResult result =
          trainer.step(sequences, decision::weights, update.normalisation());
      Optional<InterferenceReport> report = Optional.empty();
      if (diagnose) {
        NDArray change = policy.parameter(policy.headParameterName(), scratch).flatten()
            .sub(headBefore).toType(DataType.FLOAT64, false);
        double[] products = decision.pass1Vectors.matMul(change).toDoubleArray();
        report = Optional.of(decision.diagnostics().optUpdateProducts(products).build());
      }
      lastSampleWeights = decision.weights;
      lastProjectionCoefficient = decision.projectionCoefficient;
      double meanReward = fresh.stream().flatMapToDouble(g -> Arrays.stream(g.rewards()))
          .average().orElse(Double.NaN);
      return new StepOutcome(trainer.steps(), decision.k, result.loss(), result.gradNorm(),
          meanReward, pHat, Arrays.stream(pHat).average().orElse(Double.NaN),
          fresh.stream().mapToDouble(g -> PassAtK.estimate(g.rewards(), reportK)).average()
              .orElse(Double.NaN),
          fresh.stream().mapToDouble(g -> currentVersion - g.policyVersion()).average()
              .orElse(Double.NaN),
          dropped, decision.ratioStatistics, fresh.stream().map(ScoredGroup::promptId).toList(),
          report);
    }
  }

  /** What the weight rule decided inside one step's forward pass. */
  private final class Decision {
    private final List<ScoredGroup> groups;
    private final BatchLayout layout;
    private final double[] pHat;
    private final int reportK;
    private final boolean diagnose;
    private final NDManager scratch;
    private double[][] gram;
    private double[] selfKernels;
    private NDArray pass1Vectors; // (B, P) float64: g(x) over the head
    private int k;
    private double projectionCoefficient;
    private double[] weights;
    private ImportanceRatioStatistics ratioStatistics;

    Decision(List<ScoredGroup> groups, BatchLayout layout, double[] pHat, int reportK,
        boolean diagnose, NDManager scratch) {
      this.groups = groups;
      this.layout = layout;
      this.pHat = pHat;
      this.reportK = reportK;
      this.diagnose = diagnose;
      this.scratch = scratch;
    }

    private double[] rewards(int x) {
      return groups.get(x).rewards();
    }

    double[] weights(ForwardPass pass) {
      double[] sampling = layout.concat(x -> groups.get(x).samplingLogprobs());
      double[] current = pass.logprobs(samplingTemperature);
      double cap = update.importanceRatioCap();
      ratioStatistics = ImportanceRatioStatistics.of(current, sampling, cap);
      double[] ratios = ImportanceRatios.truncated(current, sampling, cap);
      double[] pass1 = layout.concat(x -> PASS1.advantages(rewards(x), 1));
      if (diagnose) {
        measure(pass.headGradients(), pass1, ratios);
      }
      double[] advantages = switch (objective.objective()) {
        case PASS1 -> {
          k = 1;
          yield pass1;
        }
        case PASSK -> {
          k = reportK;
          yield layout.concat(x -> estimator.advantages(rewards(x), k));
        }
        case ADAPTIVE_K -> {
          double[] curve = diagnostics().build().innerProductCurve().stream()
              .mapToDouble(Double::doubleValue).toArray();
          k = ConflictAwareDirection.adaptiveK(curve);
          yield k == 1 ? pass1 : layout.concat(x -> estimator.advantages(rewards(x), k));
        }
        case PROJECTION -> {
          k = reportK;
          double[] passK = layout.concat(x -> estimator.advantages(rewards(x), k));
          projectionCoefficient = projectionCoefficient(pass.headGradients(), passK, ratios);
          double[] projected = new double[passK.length];
          for (int i = 0; i < projected.length; i++) {
            projected[i] = passK[i] - projectionCoefficient * pass1[i];
          }
          yield projected;
        }
      };
      // SEQUENCE: the trainer divides by the number of samples; (samples / B) makes it 1/B.
      double scale = update.normalisation() == PolicyTrainer.Normalisation.SEQUENCE
          ? (double) layout.samples() / layout.groups() : 1.0;
      weights = new double[advantages.length];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = ratios[i] * advantages[i] * scale;
      }
      return weights;
    }

    /** g(x) rows, their Gram matrix and (n &gt;= 4) split-half self-kernels. */
    private void measure(HeadGradients head, double[] pass1, double[] ratios) {
      int b = layout.groups();
      boolean halves = groups.stream().allMatch(g -> g.size() >= 4);
      List<double[]> rows = new ArrayList<>(List.of(
          layout.rows(x -> layout.slice(pass1, x), null, ratios)));
      if (halves) {
        int[] zero = new int[b];
        int[] half = new int[b];
        for (int x = 0; x < b; x++) {
          half[x] = layout.size(x) / 2;
        }
        rows.addAll(List.of(layout.rows(x -> PASS1.advantages(
            Arrays.copyOfRange(rewards(x), 0, half[x]), 1), zero, ratios)));
        rows.addAll(List.of(layout.rows(x -> PASS1.advantages(
            Arrays.copyOfRange(rewards(x), half[x], layout.size(x)), 1), half, ratios)));
      }
      NDArray vectors = head.combine(rows.toArray(double[][]::new), scratch)
          .toType(DataType.FLOAT64, false);
      pass1Vectors = vectors.get(new NDIndex("0:{}", b));
      gram = symmetricGram(pass1Vectors, pass1Vectors);
      if (halves) {
        NDArray first = vectors.get(new NDIndex("{}:{}", b, 2 * b));
        NDArray second = vectors.get(new NDIndex("{}:", 2 * b));
        selfKernels = first.mul(second).sum(new int[] {1}).toDoubleArray();
      }
    }

    /** c = U(g_k, g_1) / U(g_1, g_1) when U(g_k, g_1) &lt; 0, else 0 (head subspace). */
    private double projectionCoefficient(HeadGradients head, double[] passK, double[] ratios) {
      NDArray passKVectors = head.combine(layout.rows(x -> layout.slice(passK, x), null, ratios),
          scratch).toType(DataType.FLOAT64, false);
      double[][] cross = hostMatrix(passKVectors.matMul(pass1Vectors.transpose()));
      return ConflictAwareDirection.projectionCoefficient(
          PairStatistics.offDiagonalMean(cross), PairStatistics.offDiagonalMean(gram));
    }

    InterferenceDiagnostics diagnostics() {
      InterferenceDiagnostics builder = InterferenceDiagnostics.builder()
          .setSuccessRates(pHat).setGram(gram).setK(reportK);
      return selfKernels == null ? builder : builder.optSplitHalfSelfKernels(selfKernels);
    }
  }

  /** a b^T on the host, symmetrised (the float rounding of a matmul need not be). */
  private static double[][] symmetricGram(NDArray a, NDArray b) {
    double[][] gram = hostMatrix(a.matMul(b.transpose()));
    for (int x = 0; x < gram.length; x++) {
      for (int y = 0; y < x; y++) {
        double mean = (gram[x][y] + gram[y][x]) / 2;
        gram[x][y] = mean;
        gram[y][x] = mean;
      }
    }
    return gram;
  }

  private static double[][] hostMatrix(NDArray matrix) {
    int rows = (int) matrix.getShape().get(0);
    int columns = (int) matrix.getShape().get(1);
    double[] flat = matrix.toDoubleArray();
    double[][] result = new double[rows][];
    for (int r = 0; r < rows; r++) {
      result[r] = Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
    }
    return result;
  }

  public PolicyTrainer trainer() {
    return trainer;
  }

  /** Updates applied so far. */
  public long steps() {
    return trainer.steps();
  }

  /** The per-sample weights of the last update (rho_i A_i times the normalisation scale). */
  double[] lastSampleWeights() {
    return lastSampleWeights.clone();
  }

  /** The PROJECTION coefficient c of the last update (0 when there was no conflict). */
  public double lastProjectionCoefficient() {
    return lastProjectionCoefficient;
  }

  @Override
  public void close() {
    trainer.close();
  }
}
