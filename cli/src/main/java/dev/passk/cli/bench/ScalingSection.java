package dev.passk.cli.bench;

import ai.djl.Device;
import dev.passk.cli.demo.DemoPlan;
import dev.passk.policy.Completion;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.PromptPurpose;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.Score;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.VerificationStatus;
import dev.passk.schemas.kafka.AvroDeserializer;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.tasks.Prompt;
import dev.passk.training.HeldOutEvaluation;
import dev.passk.training.LearnerStep;
import dev.passk.training.ObjectiveSettings;
import dev.passk.training.ScoredGroup;
import dev.passk.training.UpdateSettings;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The scaling estimate on paper ({@link ScalingEstimate} has the formulas): the per-stage costs of
 * one learner step of the standard demo (interference task, B = 32 prompts x n = 16 samples, pass@8,
 * warm-started tiny policy), each measured on one worker in this process with the code the service
 * runs, including the Avro encoding and decoding of the records that service reads and writes
 * (stages in process CPU time, so core time however busy the machine; Avro in wall time per call):
 * <ul>
 *   <li>sampler: decode B prompt records, KV-cache sampling of B x n completions of up to 16 tokens
 *       in micro-batches of at most 16,384 tokens (sampler-service defaults), encode B rollouts;
 *   <li>verifier: decode B rollouts, verify B x n completions through a one-worker verifier catalog,
 *       encode B scored rollouts;
 *   <li>learner: encode B prompt records, one pass@8 {@link LearnerStep} with the interference
 *       report, decode B scored rollouts.
 * </ul>
 * Kafka transport itself is the wire section's produce/consume rows; this section states the
 * records/s and MB/s a learner's pace asks of the broker.
 */
public final class ScalingSection implements BenchSection {

  /** sampler-service's defaults (SamplerSettings): max-new-tokens and the micro-batch token budget. */
  static final int MAX_NEW_TOKENS = 16;
  static final long MICRO_BATCH_TOKENS = 16_384;
  /** Learners this many times faster than the one measured (a GPU learner, say). */
  private static final List<Integer> SPEEDUPS = List.of(1, 10, 100);
  /** Speed-ups that also get rows in the table (all of them get a line in the paragraph). */
  private static final int TABLE_SPEEDUPS = 2;

  private String paragraph = "";

  @Override
  public String name() {
    return "scaling estimate";
  }

  @Override
  public String paragraph() {
    return paragraph;
  }

  @Override
  public List<BenchRow> run(BenchSettings settings, PrintStream log) throws Exception {
    int b = DemoPlan.standard().batchPrompts();
    int n = DemoPlan.SAMPLES;
    Measured m = measure(settings, b, n);
    double samplerSeconds = (m.samplingMs() + b * (m.wire().promptDecode() + m.wire().rolloutEncode()) / 1e3) / 1e3;
    double verifierSeconds = (m.verifyingMs() + b * (m.wire().rolloutDecode() + m.wire().scoredEncode()) / 1e3) / 1e3;
    double learnerAvroSeconds = b * (m.wire().promptEncode() + m.wire().scoredDecode()) / 1e6;
    double learnerSeconds = m.learnerMs() / 1e3 + learnerAvroSeconds;
    double codecSeconds = b * m.wire().microsPerPrompt() / 1e6;
    log.printf(Locale.ROOT, "  per step, CPU time: sampling %.0f ms (%d micro-batch%s), verifying %.1f ms, "
        + "learner %.0f ms, Avro %.2f ms (%.1f us a prompt's 3 records)%n", m.samplingMs(), m.microBatches(),
        m.microBatches() == 1 ? "" : "es", m.verifyingMs(), m.learnerMs(), codecSeconds * 1e3,
        m.wire().microsPerPrompt());
    ScalingEstimate estimate = new ScalingEstimate(samplerSeconds, verifierSeconds, learnerAvroSeconds, b * n);
    String workload = "B=" + b + " x n=" + n;
    List<BenchRow> rows = new ArrayList<>(List.of(
        BenchRow.plain(name(), "sampler CPU time: one step, " + workload + ", <= " + MAX_NEW_TOKENS + " new tokens, "
            + m.microBatches() + " micro-batch(es) of <= " + MICRO_BATCH_TOKENS + " tokens, 1 worker, + Avro",
            samplerSeconds * 1e3, "ms"),
        BenchRow.plain(name(), "verifier CPU time: one step, " + b * n + " completions (" + m.verifier()
            + "), 1 worker, + Avro", verifierSeconds * 1e3, "ms"),
        BenchRow.plain(name(), "learner CPU time: one pass@" + DemoPlan.K + " step, " + workload
            + ", interference report, + Avro", learnerSeconds * 1e3, "ms"),
        BenchRow.plain(name(), "Avro encode + decode of one step's " + 3 * b + " records (prompt, rollout, scored)",
            codecSeconds * 1e3, "ms"),
        BenchRow.plain(name(), "the same Avro work as a share of the measured learner step",
            100 * codecSeconds / learnerSeconds, "%")));
    List<ScalingEstimate.Plan> plans =
        SPEEDUPS.stream().map(k -> estimate.plan(estimate.fasterLearner(learnerSeconds, k))).toList();
    for (int i = 0; i < TABLE_SPEEDUPS; i++) {
      rows.addAll(planRows(plans.get(i), SPEEDUPS.get(i), b));
    }
    paragraph = paragraph(estimate, plans, m.wire(), codecSeconds, b, n);
    return rows;
  }

  /**
   * Median process CPU milliseconds (core time) of one step's sampling, verification and learner
   * update, and the Avro costs.
   *
   * @param microBatches how many micro-batches the step's sampling took
   * @param verifier the task's verifier
   */
  private record Measured(double samplingMs, double verifyingMs, double learnerMs, Wire wire, int microBatches,
      String verifier) {}

  private static Measured measure(BenchSettings settings, int b, int n) throws IOException {
    int reps = settings.quick() ? 3 : 5 * settings.rounds();
    List<Prompt> prompts = InterferenceWorkload.task().prompts(b, InterferenceWorkload.SEED);
    SamplingSettings sampling = new SamplingSettings(1, 1, MAX_NEW_TOKENS);
    ObjectiveSettings objective = ObjectiveSettings.parse("passk", "pkpo-loo1", DemoPlan.K);
    // One worker: the sampler's and learner's libtorch compute on the calling thread (one intra-op
    // thread), the verifier catalog gets one verification slot.
    try (VerifierCatalog verifiers = new VerifierCatalog(VerifierRegistry.load(), Map.of(),
            BoundedVerifier.Limits.of(Duration.ofSeconds(10), 1));
        Policy policy = Policy.load(InterferenceWorkload.warmStarted(settings), Device.cpu());
        LearnerStep learner = new LearnerStep(policy, objective, UpdateSettings.defaults().withDiagnostics(true))) {
      List<List<String>> microBatches = microBatches(policy, prompts, n);
      long[] seed = {0};
      List<List<Completion>> completions = sample(policy, microBatches, n, sampling, seed[0]++); // warm-up
      double samplingMs = Medians.cpuMillis(reps, () -> sample(policy, microBatches, n, sampling, seed[0]++));

      List<double[]> rewards = HeldOutEvaluation.Rewards.score(prompts, completions, verifiers); // warm-up
      double verifyingMs = Medians.cpuMillis(5 * reps, () -> HeldOutEvaluation.Rewards.score(prompts, completions,
          verifiers));

      Wire wire = Wire.measure(prompts, completions, rewards, settings.quick() ? 100 : 300, settings.rounds());

      List<ScoredGroup> groups = ScoredGroup.sampled(prompts, completions, rewards, 0);
      if (learner.apply(groups, 0).interference().isEmpty()) { // warm-up
        throw new IllegalStateException("the learner step produced no interference report: the estimate "
            + "would leave out the diagnostics the demo's learner computes");
      }
      double learnerMs = Medians.cpuMillis(reps, () -> learner.apply(groups, 0));
      return new Measured(samplingMs, verifyingMs, learnerMs, wire, microBatches.size(), prompts.get(0).verifier());
    }
  }

  /**
   * Prompt texts in micro-batches as sampler-service packs them: consecutive prompts whose summed
   * cost n x (prompt tokens + max new tokens) fits the token budget. Every chunk is sized for the
   * longest prompt, which for the interference prompts (all the same length) is the service's packing.
   */
  private static List<List<String>> microBatches(Policy policy, List<Prompt> prompts, int n) {
    long longest = prompts.stream().mapToLong(p -> policy.tokenizer().encodePrompt(p.text()).length).max()
        .orElseThrow();
    int perBatch = (int) Math.max(1, MICRO_BATCH_TOKENS / (n * (longest + MAX_NEW_TOKENS)));
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < prompts.size(); from += perBatch) {
      batches.add(prompts.subList(from, Math.min(prompts.size(), from + perBatch)).stream().map(Prompt::text)
          .toList());
    }
    return batches;
  }

  private static List<List<Completion>> sample(Policy policy, List<List<String>> microBatches, int n,
      SamplingSettings sampling, long seed) {
    List<List<Completion>> all = new ArrayList<>();
    for (List<String> batch : microBatches) {
      all.addAll(policy.sample(batch, n, sampling, seed * 1_000 + all.size()));
    }
    return all;
  }

  private List<BenchRow> planRows(ScalingEstimate.Plan plan, int speedup, int b) {
    String learner = String.format(Locale.ROOT, "learner of %.0f ms a step (%s)", plan.learnerSeconds() * 1e3,
        label(speedup));
    return List.of(
        BenchRow.plain(name(), learner + ": sampler replicas ceil(T_s/T_L)", plan.samplers(), "replicas"),
        BenchRow.plain(name(), learner + ": verifier replicas ceil(T_v/T_L)", plan.verifiers(), "replicas"),
        BenchRow.plain(name(), learner + ": cores, 1 + samplers + verifiers", plan.cores(), "cores"),
        BenchRow.plain(name(), learner + ": RL steps/s ceiling", plan.stepsPerSecond(), "steps/s"),
        BenchRow.plain(name(), learner + ": Kafka records/s at that pace (3 a prompt)",
            plan.stepsPerSecond() * 3 * b, "records/s"));
  }

  private static String label(int speedup) {
    return speedup == 1 ? "measured" : speedup + "x faster compute";
  }

  private static String paragraph(ScalingEstimate e, List<ScalingEstimate.Plan> plans, Wire wire,
      double codecSeconds, int b, int n) {
    double measured = plans.get(0).learnerSeconds();
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
        ## Scaling estimate

        Per learner step of the standard demo (B = %d prompts x n = %d samples), one worker (one core) \
        spends T_s = %.0f ms of CPU time to sample it, T_v = %.1f ms to verify it and T_L = %.0f ms to \
        learn from it, each including the Avro encoding and decoding of the records that stage reads and writes \
        (%.1f us and %d bytes for a prompt's three records: prompt, rollout, scored rollout; %.2f ms a \
        step in all, %.2f ms of it, T_La, on the learner). Stages run pipelined, so a learner of step \
        time T_L keeps R_s = max(1, ceil(T_s / T_L)) sampler replicas and R_v = max(1, ceil(T_v / T_L)) \
        verifier replicas busy, on C = 1 + R_s + R_v cores, and runs at S = min(1 / T_L, R_s / T_s, \
        R_v / T_v) steps/s. A learner whose compute is k times faster (a GPU, say) still decodes its \
        records on a CPU: T_L(k) = (T_L - T_La) / k + T_La. The same code on one core, one stage after \
        another, runs at 1 / (T_s + T_v + T_L) = %.2f steps/s.

        | learner step T_L | sampler replicas | verifier replicas | cores | steps/s | completions/s \
        | learner's Avro share of T_L | Kafka records/s | Kafka MB/s |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|
        """, b, n, e.samplingSeconds() * 1e3, e.verifyingSeconds() * 1e3, measured * 1e3,
        wire.microsPerPrompt(), wire.bytesPerPrompt(), codecSeconds * 1e3, e.learnerAvroSeconds() * 1e3,
        1 / (e.samplingSeconds() + e.verifyingSeconds() + measured)));
    for (int i = 0; i < plans.size(); i++) {
      ScalingEstimate.Plan p = plans.get(i);
      md.append(String.format(Locale.ROOT, "| %.1f ms (%s) | %d | %d | %d | %.2f | %,.0f | %.1f%% | %,.0f | %.2f |%n",
          p.learnerSeconds() * 1e3, label(SPEEDUPS.get(i)), p.samplers(), p.verifiers(), p.cores(),
          p.stepsPerSecond(), p.completionsPerSecond(), 100 * p.wireShare(), p.stepsPerSecond() * 3 * b,
          p.stepsPerSecond() * wire.bytesPerPrompt() * b / 1e6));
    }
    String largest = e.samplingSeconds() >= e.verifyingSeconds() ? "sampling" : "verifying";
    md.append(String.format(Locale.ROOT, "%nOf the stages that feed the learner, %s costs the most a step, so a "
        + "learner k times faster needs about k times its replicas. As the learner gets faster its own Avro "
        + "decoding becomes a larger share of its step. Compare the Kafka columns with the wire section's "
        + "measured produce and consume rates to see whether the broker would be the bottleneck.%n", largest));
    return md.toString();
  }

  /**
   * Avro single-object encoding and decoding, microseconds per record, of the three records one
   * prompt sends over Kafka (prompt, rollout, scored rollout), built from the measured step's data.
   */
  private record Wire(double promptEncode, double promptDecode, double rolloutEncode, double rolloutDecode,
      double scoredEncode, double scoredDecode, long bytesPerPrompt) {

    double microsPerPrompt() {
      return promptEncode + promptDecode + rolloutEncode + rolloutDecode + scoredEncode + scoredDecode;
    }

    static Wire measure(List<Prompt> prompts, List<List<Completion>> completions, List<double[]> rewards,
        int repsPerRecord, int rounds) {
      List<dev.passk.schemas.Prompt> promptRecords = new ArrayList<>();
      List<Rollout> rollouts = new ArrayList<>();
      List<ScoredRollout> scored = new ArrayList<>();
      for (int p = 0; p < prompts.size(); p++) {
        promptRecords.add(promptRecord(prompts.get(p), completions.get(p).size()));
        rollouts.add(rollout(promptRecords.get(p), completions.get(p)));
        scored.add(scored(rollouts.get(p), rewards.get(p)));
      }
      double[] promptCodec = codec("prompts", promptRecords, repsPerRecord, rounds);
      double[] rolloutCodec = codec("rollouts", rollouts, repsPerRecord, rounds);
      double[] scoredCodec = codec("scored-rollouts", scored, repsPerRecord, rounds);
      AvroSerializer serializer = new AvroSerializer();
      long bytes = 0;
      for (int p = 0; p < prompts.size(); p++) {
        bytes += serializer.serialize("prompts", promptRecords.get(p)).length
            + serializer.serialize("rollouts", rollouts.get(p)).length
            + serializer.serialize("scored-rollouts", scored.get(p)).length;
      }
      return new Wire(promptCodec[0], promptCodec[1], rolloutCodec[0], rolloutCodec[1], scoredCodec[0],
          scoredCodec[1], bytes / prompts.size());
    }

    /** {encode, decode} microseconds per record, medians over rounds of every record encoded reps times. */
    private static double[] codec(String topic, List<? extends SpecificRecord> records, int reps, int rounds) {
      AvroSerializer serializer = new AvroSerializer();
      AvroDeserializer deserializer = new AvroDeserializer();
      List<byte[]> encoded = records.stream().map(r -> serializer.serialize(topic, r)).toList();
      int calls = reps * records.size();
      for (int i = 0; i < calls; i++) { // JIT warm-up
        deserializer.deserialize(topic, serializer.serialize(topic, records.get(i % records.size())));
      }
      double encode = Medians.microsPerCall(rounds, calls,
          i -> serializer.serialize(topic, records.get(i % records.size())));
      double decode = Medians.microsPerCall(rounds, calls,
          i -> deserializer.deserialize(topic, encoded.get(i % encoded.size())));
      return new double[] {encode, decode};
    }

    /** As the learner dispatches a training prompt of the interference task (PromptRecords in learner-service). */
    private static dev.passk.schemas.Prompt promptRecord(Prompt prompt, int samples) {
      Map<String, String> metadata = prompt.latent().map(l -> Map.of("label",
          l.label().name().toLowerCase(Locale.ROOT), "feature", Double.toString(l.feature()))).orElse(Map.of());
      return dev.passk.schemas.Prompt.newBuilder().setRunId("bench-scaling").setPromptId(prompt.id()).setAttempt(0)
          .setTask(InterferenceWorkload.TASK).setText(prompt.text()).setReferenceAnswer(prompt.answer())
          .setVerifier(prompt.verifier()).setSamples(samples).setMinPolicyVersion(0).setPurpose(PromptPurpose.TRAIN)
          .setDispatchedAtMillis(System.currentTimeMillis()).setMetadata(metadata).build();
    }

    /** As the sampler publishes it: every completion's token ids and per-token log-probs. */
    private static Rollout rollout(dev.passk.schemas.Prompt prompt, List<Completion> completions) {
      List<dev.passk.schemas.Completion> records = new ArrayList<>();
      for (int i = 0; i < completions.size(); i++) {
        Completion c = completions.get(i);
        records.add(dev.passk.schemas.Completion.newBuilder().setSampleIndex(i).setText(c.text())
            .setTokenIds(Arrays.stream(c.tokenIds()).mapToObj(id -> (int) id).toList())
            .setTokenLogprobs(Arrays.stream(c.tokenLogprobs()).mapToObj(lp -> (float) lp).toList())
            .setLogprob(c.logprob()).setFinishReason(FinishReason.valueOf(c.finishReason().name())).build());
      }
      return Rollout.newBuilder().setPrompt(prompt).setPolicyVersion(0).setSamplerId("bench/1")
          .setCompletions(records).setSampledAtMillis(System.currentTimeMillis()).setSamplingMillis(100).build();
    }

    /** As the verifier publishes it: one score per completion. */
    private static ScoredRollout scored(Rollout rollout, double[] rewards) {
      List<Score> scores = new ArrayList<>();
      for (int i = 0; i < rewards.length; i++) {
        scores.add(Score.newBuilder().setSampleIndex(i).setReward(rewards[i]).setStatus(VerificationStatus.OK)
            .setDetail(rewards[i] > 0 ? "match" : "no match").setVerifyMillis(0.01).build());
      }
      return ScoredRollout.newBuilder().setRollout(rollout).setScores(scores).setVerifierId("bench/1")
          .setScoredAtMillis(System.currentTimeMillis()).build();
    }
  }
}
