package dev.passk.cli.bench;

import ai.djl.Device;
import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.cli.demo.DemoPlan;
import dev.passk.cli.pipeline.LocalPipeline;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import dev.passk.training.HeldOutEvaluation;
import dev.passk.training.InProcessRun;
import dev.passk.training.ObjectiveSettings;
import dev.passk.training.UpdateSettings;
import dev.passk.verifiers.VerifierCatalog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pipeline efficiency (issue target: at least 0.9): RL steps per second of the full Kafka pipeline
 * (embedded broker, sampler, verifier and learner JVMs) against the same sampler, verifier and
 * learner code wired in one process without Kafka (training's InProcessRun), same settings (the
 * demo's pass@8 workload, no evaluation), alternating in each round. Steps/s is timed from the first
 * step to the last, so start-up and warm-start are excluded on both sides.
 */
public final class PipelineSection implements BenchSection {

  private static final String OBJECTIVE = "passk";

  @Override
  public String name() {
    return "pipeline (Kafka vs in-process)";
  }

  @Override
  public List<BenchRow> run(BenchSettings settings, PrintStream log) throws Exception {
    int steps = settings.quick() ? 6 : 20;
    Path warm = InterferenceWorkload.warmStarted(settings);
    double[] kafka = new double[settings.rounds()];
    double[] inProcess = new double[settings.rounds()];
    LocalPipeline.Options options = new LocalPipeline.Options(settings.home(), settings.workDir().resolve("bench-pipeline"),
        Optional.empty(), settings.workDir().resolve("djl-cache"), Map.of());
    try (LocalPipeline pipeline = LocalPipeline.start(options, log)) {
      for (int round = 0; round < settings.rounds(); round++) {
        inProcess[round] = inProcessStepsPerSecond(warm, steps);
        kafka[round] = kafkaStepsPerSecond(pipeline, settings, steps, round, log);
        log.printf("  round %d: Kafka pipeline %.2f steps/s, in-process %.2f steps/s (ratio %.2f)%n", round + 1,
            kafka[round], inProcess[round], kafka[round] / inProcess[round]);
      }
    }
    double ours = Medians.of(kafka);
    double peer = Medians.of(inProcess);
    return List.of(new BenchRow(name(), "RL steps/s, B=16 x n=16, " + steps + " steps, pass@8", ours, "steps/s",
        peer, ours / peer, "Kafka pipeline/in-process steps/s: > 1 is faster", ">= 0.9"));
  }

  private static double inProcessStepsPerSecond(Path warm, int steps) throws Exception {
    InProcessRun.Settings run = new InProcessRun.Settings(
        ObjectiveSettings.parse(OBJECTIVE, "pkpo-loo1", InterferenceWorkload.K), UpdateSettings.defaults(), steps,
        InterferenceWorkload.PROMPTS, InterferenceWorkload.SAMPLES, new SamplingSettings(1, 1, 16), steps,
        InterferenceWorkload.SEED);
    long[] stepTimes = new long[steps + 1];
    try (VerifierCatalog verifiers = InterferenceWorkload.verifiers();
        Policy policy = Policy.load(warm, Device.cpu())) {
      // The run evaluates before the first and after the last step; the smallest set keeps that cheap
      // and outside the timed span (first step to last step).
      HeldOutEvaluation evaluation = new HeldOutEvaluation(InterferenceWorkload.task(), 1, 2, List.of(1),
          new SamplingSettings(1, 1, 4), verifiers, 0);
      int[] seen = {0};
      InProcessRun.run(policy, InterferenceWorkload.task(), run, evaluation, verifiers, line -> {
        if (line.startsWith("step ")) {
          stepTimes[++seen[0]] = System.nanoTime();
        }
      });
    }
    return (steps - 1) / ((stepTimes[steps] - stepTimes[1]) / 1e9);
  }

  private static double kafkaStepsPerSecond(LocalPipeline pipeline, BenchSettings settings, int steps, int round,
      PrintStream log) throws Exception {
    String runId = "bench-" + System.currentTimeMillis() + "-" + round;
    Map<String, String> env = new java.util.HashMap<>(new DemoPlan(List.of(OBJECTIVE), steps, InterferenceWorkload.PROMPTS, steps, 1)
        .learnerEnv(runId, OBJECTIVE, InterferenceWorkload.stateDir(settings).toString()));
    env.put("PASSK_RUN_EVAL_INTERVAL", "0");
    ServiceProcess learner = pipeline.startLearner(env, EmbeddedKafkaBroker.freePort(), log);
    try {
      List<LearnerMetrics> metrics = TopicProbe.await(pipeline.bootstrapServers(), Topic.METRICS.topicName(),
          (LearnerMetrics m) -> m.getRunId().equals(runId), steps, Duration.ofMinutes(10));
      if (metrics.size() < steps) {
        throw new IllegalStateException("the learner published " + metrics.size() + " of " + steps
            + " steps in 10 minutes: see " + learner.log());
      }
      List<LearnerMetrics> ordered = new ArrayList<>(metrics);
      ordered.sort(java.util.Comparator.comparingLong(LearnerMetrics::getStep));
      long first = ordered.get(0).getTimestampMillis();
      long last = ordered.get(steps - 1).getTimestampMillis();
      return (steps - 1) / ((last - first) / 1e3);
    } finally {
      pipeline.stop(learner);
    }
  }
}
