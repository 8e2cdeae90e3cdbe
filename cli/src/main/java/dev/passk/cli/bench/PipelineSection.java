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
import dev.passk.training.Folders;
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
 * demo's pass@8 workload, no evaluation), alternating in each round.
 *
 * <p>It measures the steady state of long-running services, as a run of hours sees it: one untimed
 * round of each first (the sampler, verifier and broker JVMs compile their hot code there, in a
 * Kafka run {@value #WARM_UP_RUNS} times as long as a timed one, as the bench JVM does for the
 * in-process side), and steps/s over the second half of 480-step runs only,
 * so start-up, warm start and most of the new learner JVM's compilation are excluded on both sides
 * (measured on 2 cores: a fresh learner's step time falls for ~50 steps, and its JIT compiler
 * still took 26 core-ms a step over steps 61-120, 11 over steps 181-360). Each process's CPU over
 * the same span shows where a step's cost goes.
 */
public final class PipelineSection implements BenchSection {

  private static final String OBJECTIVE = "passk";
  /**
   * The services' warm-up run is this many times a timed run: their JVMs compile code that runs a
   * few times a step, which reaches the JIT compiler's thresholds only after thousands of steps (on
   * 2 cores, the sampler's C2 compiler still compiled 218 methods for the first time during the
   * timed part of a round that followed one warm-up run of the same length).
   */
  private static final int WARM_UP_RUNS = 3;

  private String paragraph = "";

  @Override
  public String name() {
    return "pipeline (Kafka vs in-process)";
  }

  @Override
  public String paragraph() {
    return paragraph;
  }

  @Override
  public List<BenchRow> run(BenchSettings settings, PrintStream log) throws Exception {
    int steps = settings.quick() ? 8 : 480;
    Path warm = InterferenceWorkload.warmStarted(settings);
    List<Round> kafka = new ArrayList<>();
    List<Round> inProcess = new ArrayList<>();
    Path scratch = settings.workDir().resolve("bench-pipeline");
    Folders.deleteTree(scratch); // a fresh broker: announcements of earlier bench runs add 100 MB a run
    LocalPipeline.Options options = new LocalPipeline.Options(settings.home(), scratch,
        Optional.empty(), settings.workDir().resolve("djl-cache"), Map.of());
    try (LocalPipeline pipeline = LocalPipeline.start(options, log)) {
      if (!settings.quick()) {
        log.println("  warm-up round (untimed): the services' JVMs compile their hot code");
        inProcessRound(warm, steps);
        kafkaRound(pipeline, settings, WARM_UP_RUNS * steps, -1, log);
      }
      for (int round = 0; round < settings.rounds(); round++) {
        inProcess.add(inProcessRound(warm, steps));
        kafka.add(kafkaRound(pipeline, settings, steps, round, log));
        log.printf("  round %d: Kafka pipeline %.2f steps/s, in-process %.2f steps/s (ratio %.2f); core-seconds a step:"
                + " Kafka %s, in-process %s%n", round + 1, kafka.get(round).stepsPerSecond(),
            inProcess.get(round).stepsPerSecond(), kafka.get(round).stepsPerSecond() / inProcess.get(round).stepsPerSecond(),
            kafka.get(round).describeCpu(), inProcess.get(round).describeCpu());
      }
    }
    double ours = Medians.of(kafka.stream().mapToDouble(Round::stepsPerSecond).toArray());
    double peer = Medians.of(inProcess.stream().mapToDouble(Round::stepsPerSecond).toArray());
    String metric = "RL steps/s, B=16 x n=16, pass@8, steps " + (Round.firstTimed(steps) + 1) + "-" + steps + " of a run";
    List<BenchRow> rows = new ArrayList<>(List.of(new BenchRow(name(), metric, ours, "steps/s", peer, ours / peer,
        "Kafka pipeline/in-process steps/s: > 1 is faster", ">= 0.9")));
    rows.addAll(cpuRows(kafka, inProcess));
    paragraph = roundRatios(kafka, inProcess) + paragraph;
    return rows;
  }

  /** The rounds' own ratios: each side's steps/s moves by up to a fifth between rounds on a 2-core machine. */
  private static String roundRatios(List<Round> kafka, List<Round> inProcess) {
    StringBuilder text = new StringBuilder("**Pipeline, round by round** (Kafka/in-process steps/s):");
    for (int i = 0; i < kafka.size(); i++) {
      text.append(String.format("%s%.2f/%.2f = %.2f", i == 0 ? " " : "; ", kafka.get(i).stepsPerSecond(),
          inProcess.get(i).stepsPerSecond(), kafka.get(i).stepsPerSecond() / inProcess.get(i).stepsPerSecond()));
    }
    return text.append(". The table gives the ratio of the medians.\n\n").toString();
  }

  /**
   * Where a step's CPU goes: core-seconds per step of each pipeline JVM (medians over rounds), and
   * their total against the in-process run's; on a machine of C cores a step cannot take less wall
   * time than total / C.
   */
  private List<BenchRow> cpuRows(List<Round> kafka, List<Round> inProcess) {
    if (kafka.stream().anyMatch(r -> r.cpuPerStep().isEmpty()) || inProcess.stream().anyMatch(r -> r.cpuPerStep().isEmpty())) {
      return List.of();
    }
    List<BenchRow> rows = new ArrayList<>();
    for (String process : kafka.get(0).cpuPerStep().keySet()) {
      double millis = 1e3 * Medians.of(kafka.stream().mapToDouble(r -> r.cpuPerStep().get(process)).toArray());
      rows.add(BenchRow.plain(name(), "CPU a step, Kafka pipeline: " + process, millis, "core-ms"));
    }
    double total = 1e3 * Medians.of(kafka.stream().mapToDouble(Round::totalCpuPerStep).toArray());
    double alone = 1e3 * Medians.of(inProcess.stream().mapToDouble(Round::totalCpuPerStep).toArray());
    rows.add(new BenchRow(name(), "CPU a step, all processes (in-process: its one JVM)", total, "core-ms", alone,
        total / alone, "Kafka pipeline/in-process CPU a step: > 1 costs more", ""));
    double wall = 1e3 / Medians.of(kafka.stream().mapToDouble(Round::stepsPerSecond).toArray());
    int cores = Runtime.getRuntime().availableProcessors();
    rows.add(BenchRow.plain(name(), "Kafka pipeline: cores busy on average (CPU a step / wall time a step, "
        + cores + " cores)", total / wall, "cores"));
    paragraph = String.format("**Pipeline, where a step goes.** Over the steady part of each run the four JVMs of "
        + "the Kafka pipeline spent %.0f core-ms a step between them, %.2f times the %.0f core-ms the same code "
        + "spends in one process; a step took %.0f ms of wall time, so the pipeline kept %.2f of the machine's "
        + "%d cores busy. A step of the pipeline cannot be shorter than its CPU divided by the cores (%.0f ms "
        + "here): where the busy cores are close to all of them, the extra CPU of the services (their own "
        + "JVMs, Avro, Kafka clients, checkpoints shipped to the samplers) and of the broker is what limits "
        + "the ratio; where they are well below, the stages wait on each other.", total, total / alone, alone,
        wall, total / wall, cores, total / cores);
    return rows;
  }

  /** One timed run: steps/s over its steady part, and core-seconds a step by process. */
  private record Round(double stepsPerSecond, Map<String, Double> cpuPerStep) {

    double totalCpuPerStep() {
      return cpuPerStep.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    String describeCpu() {
      StringBuilder text = new StringBuilder();
      cpuPerStep.forEach((process, seconds) -> text.append(text.length() == 0 ? "" : " + ")
          .append(process).append(String.format(" %.0f ms", 1e3 * seconds)));
      return cpuPerStep.isEmpty() ? "n/a" : text.toString();
    }

    /**
     * The steady part of a run: from the end of step {@link #firstTimed} to the end of the last,
     * given each step's end (epoch ms, index 1..steps). The earlier steps are left out on both
     * sides: the learner JVM is new in each Kafka round and still compiling its hot code then,
     * while the in-process run reuses this JVM's warm code.
     */
    static Round of(long[] stepEndMillis, CpuTrace trace) {
      int steps = stepEndMillis.length - 1;
      int from = firstTimed(steps);
      long fromMillis = stepEndMillis[from];
      long toMillis = stepEndMillis[steps];
      Map<String, Double> perStep = new java.util.LinkedHashMap<>();
      trace.between(fromMillis, toMillis).ifPresent(spent ->
          spent.forEach((process, seconds) -> perStep.put(process, seconds / (steps - from))));
      return new Round((steps - from) / ((toMillis - fromMillis) / 1e3), perStep);
    }

    /** The step whose end starts the timed span: the first half of the run is warm-up. */
    static int firstTimed(int steps) {
      return Math.max(1, steps / 2);
    }
  }

  private static Round inProcessRound(Path warm, int steps) throws Exception {
    InProcessRun.Settings run = new InProcessRun.Settings(
        ObjectiveSettings.parse(OBJECTIVE, "pkpo-loo1", InterferenceWorkload.K), UpdateSettings.defaults(), steps,
        InterferenceWorkload.PROMPTS, InterferenceWorkload.SAMPLES, new SamplingSettings(1, 1, 16), steps,
        InterferenceWorkload.SEED);
    long[] stepTimes = new long[steps + 1];
    try (VerifierCatalog verifiers = InterferenceWorkload.verifiers();
        Policy policy = Policy.load(warm, Device.cpu());
        CpuTrace trace = new CpuTrace(Map.of("in-process", ProcessHandle.current().pid()))) {
      // The run evaluates before the first and after the last step; the smallest set keeps that cheap
      // and outside the timed span (first step to last step).
      HeldOutEvaluation evaluation = new HeldOutEvaluation(InterferenceWorkload.task(), 1, 2, List.of(1),
          new SamplingSettings(1, 1, 4), verifiers, 0);
      int[] seen = {0};
      InProcessRun.run(policy, InterferenceWorkload.task(), run, evaluation, verifiers, line -> {
        if (line.startsWith("step ")) {
          stepTimes[++seen[0]] = System.currentTimeMillis();
        }
      });
      return Round.of(stepTimes, trace);
    }
  }

  private static Round kafkaRound(LocalPipeline pipeline, BenchSettings settings, int steps, int round,
      PrintStream log) throws Exception {
    String runId = "bench-" + System.currentTimeMillis() + "-" + round;
    Map<String, String> env = new java.util.HashMap<>(new DemoPlan(List.of(OBJECTIVE), steps, InterferenceWorkload.PROMPTS, steps, 1)
        .learnerEnv(runId, OBJECTIVE, InterferenceWorkload.stateDir(settings).toString()));
    env.put("PASSK_RUN_EVAL_INTERVAL", "0");
    ServiceProcess learner = pipeline.startLearner(env, EmbeddedKafkaBroker.freePort(), log);
    Map<String, Long> pids = new java.util.LinkedHashMap<>();
    pids.put("learner", learner.pid());
    pids.put("sampler", pipeline.service("sampler-service").pid());
    pids.put("verifier", pipeline.service("verifier-service").pid());
    pids.put("broker", pipeline.brokerPid());
    try (CpuTrace trace = new CpuTrace(pids)) {
      List<LearnerMetrics> metrics = TopicProbe.await(pipeline.bootstrapServers(), Topic.METRICS.topicName(),
          (LearnerMetrics m) -> m.getRunId().equals(runId), steps, Duration.ofMinutes(10));
      if (metrics.size() < steps) {
        throw new IllegalStateException("the learner published " + metrics.size() + " of " + steps
            + " steps in 10 minutes: see " + learner.log());
      }
      List<LearnerMetrics> ordered = new ArrayList<>(metrics);
      ordered.sort(java.util.Comparator.comparingLong(LearnerMetrics::getStep));
      long[] stepEnds = new long[steps + 1];
      for (int i = 1; i <= steps; i++) {
        stepEnds[i] = ordered.get(i - 1).getTimestampMillis();
      }
      return Round.of(stepEnds, trace);
    } finally {
      pipeline.stop(learner);
      Folders.deleteTree(InterferenceWorkload.stateDir(settings).resolve(runId));
    }
  }
}
