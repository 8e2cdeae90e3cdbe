package dev.passk.learner;

import ai.djl.Device;
import dev.passk.policy.CheckpointArchive;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import dev.passk.policy.SamplingSettings;
import dev.passk.schemas.Evaluation;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.PolicyVersion;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicSetup;
import dev.passk.tasks.Task;
import dev.passk.tasks.TaskCatalog;
import dev.passk.training.EvalResult;
import dev.passk.training.HeldOutEvaluation;
import dev.passk.training.ImportanceRatioStatistics;
import dev.passk.training.LearnerCheckpoint;
import dev.passk.training.LearnerProgress;
import dev.passk.training.LearnerStep;
import dev.passk.training.ObjectiveSettings;
import dev.passk.training.PromptIds;
import dev.passk.training.ScoredGroup;
import dev.passk.training.StepOutcome;
import dev.passk.training.TrainedPrompts;
import dev.passk.training.UpdateSettings;
import dev.passk.training.WarmStartedPolicy;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The learner's training thread: owns the policy, the update and the Kafka clients. Dispatches
 * prompts (bounded in flight, re-dispatched when late), admits each prompt's scored group once,
 * applies an update per B groups, publishes metrics every step and a checkpoint plus a policy
 * version every checkpoint interval (written by a {@link CheckpointWriter} from a snapshot while
 * training goes on); on start it resumes from the newest checkpoint.
 *
 * <p>Crash safety: a checkpoint stores, per partition, the offset of the oldest group still
 * buffered (else the read position), the prompts in flight and the trained ledger. A restart
 * re-reads from there: buffered groups come back, groups trained before the checkpoint are refused
 * by the ledger, and prompts dispatched after it are dispatched again.
 */
final class LearnerLoop {

  private static final Logger LOG = Logger.getLogger(LearnerLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);

  /** A group admitted for training, with where it was read and its task label (empty if none). */
  private record Buffered(ScoredGroup group, String label, int partition, long offset) {}

  private final RunSettings settings;
  private final String bootstrap;
  private final LearnerStatus status;
  private final Clock clock;
  private volatile boolean stopping;

  LearnerLoop(RunSettings settings, String bootstrap, LearnerStatus status, Clock clock) {
    validate(settings);
    this.settings = settings;
    this.bootstrap = bootstrap;
    this.status = status;
    this.clock = clock;
  }

  /** Fails with what to fix when settings cannot make a run that finishes. */
  static void validate(RunSettings s) {
    List<String> problems = new ArrayList<>();
    if (s.batchPrompts() < 1) {
      problems.add("passk.run.batch-prompts must be >= 1, got " + s.batchPrompts());
    }
    if (s.maxInFlight().orElse(2 * s.batchPrompts()) < s.batchPrompts()) {
      problems.add("passk.run.max-in-flight (" + s.maxInFlight().get()
          + ") must be >= batch-prompts (" + s.batchPrompts() + "), else no batch ever fills");
    }
    if (s.checkpointInterval() < 1) {
      problems.add("passk.run.checkpoint-interval must be >= 1, got " + s.checkpointInterval());
    }
    if (s.maxStaleness() < s.checkpointInterval()) {
      problems.add("passk.run.max-staleness (" + s.maxStaleness() + ") must be >= checkpoint-interval ("
          + s.checkpointInterval() + "): samplers only see announced versions, so every group would "
          + "turn stale before the next announcement and the run would stall");
    }
    if (s.samples() < 2 || s.totalSteps() < 1) {
      problems.add("passk.run.samples must be >= 2 (a baseline needs two samples) and passk.run.steps >= 1");
    }
    if (s.k() > s.samples()) {
      problems.add("passk.run.k (" + s.k() + ") must be <= samples (" + s.samples()
          + "): the unbiased pass@k estimate needs n >= k samples per prompt");
    }
    if (s.evalInterval() > 0 && s.evalKs().stream().anyMatch(k -> k < 1 || k > s.evalSamples())) {
      problems.add("passk.run.eval-ks " + s.evalKs() + " must lie in 1..eval-samples (" + s.evalSamples() + ")");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid run settings: " + String.join("; ", problems));
    }
  }

  /** Asks the thread to stop at its next poll (a stop needs no checkpoint: the last one is consistent). */
  void stop() {
    stopping = true;
  }

  /** The thread body: runs the whole run, or until {@link #stop}; a failure is logged and kept in the status. */
  void run() {
    try {
      train();
    } catch (Exception | Error e) {
      status.failure = String.valueOf(e);
      status.phase = LearnerStatus.Phase.FAILED;
      LOG.errorf(e, "learner failed: %s", e);
    }
  }

  private void train() throws IOException, InterruptedException {
    Path stateDir = Path.of(settings.stateDir());
    String runId = runId(stateDir);
    status.runId = runId;
    Path checkpoints = stateDir.resolve(runId).resolve("checkpoints");
    Task task = TaskCatalog.create(settings.task());
    Device device = Device.fromName(settings.device());
    if (!awaitTopics()) {
      return;
    }
    Optional<LearnerCheckpoint> restored = LearnerCheckpoint.latest(checkpoints);
    Path startFolder = restored.isPresent() ? restored.get().policyDir()
        : WarmStartedPolicy.obtain(stateDir.resolve("warm-start"), task, settings.warmStartSteps(),
            settings.seed(), device);
    try (LearnerTopics topics = new LearnerTopics(bootstrap);
        Policy policy = Policy.load(startFolder, device);
        LearnerStep learner = new LearnerStep(policy, objective(), update());
        CheckpointWriter writer = new CheckpointWriter()) {
      LearnerProgress progress;
      if (restored.isPresent()) {
        restored.get().restoreOptimizer(learner.trainer());
        progress = restored.get().progress();
        LOG.infof("run %s: resumed from checkpoint at step %d (%d trained, %d in flight, offsets %s)",
            runId, progress.step(), progress.trained().count(), progress.inFlight().size(),
            progress.scoredRolloutOffsets());
      } else {
        progress = new LearnerProgress(0, 0, 0, Map.of(), Map.of(), TrainedPrompts.NONE, settings.seed());
        LOG.infof("run %s: fresh start from %s", runId, startFolder);
      }
      new Session(runId, task, policy, learner, topics, writer, checkpoints, progress).run(startFolder);
    }
  }

  /** The configured run id, else the one a previous start of this state dir chose, else a new one. */
  private String runId(Path stateDir) throws IOException {
    if (settings.id().isPresent()) {
      return settings.id().get();
    }
    Path file = stateDir.resolve("run-id");
    if (Files.isRegularFile(file)) {
      return Files.readString(file).trim();
    }
    String id = "run-" + UUID.randomUUID().toString().substring(0, 8);
    Files.createDirectories(stateDir);
    Files.writeString(file, id + "\n");
    return id;
  }

  /** Creates the topics, retrying while Kafka is not reachable; false when stopped meanwhile. */
  private boolean awaitTopics() throws InterruptedException {
    for (int attempt = 1; !stopping; attempt++) {
      try {
        TopicSetup.ensureTopics(bootstrap);
        return true;
      } catch (RuntimeException e) {
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.warnf("learner waits for Kafka at %s (attempt %d): %s", bootstrap, attempt, e.getMessage());
        }
        Thread.sleep(2_000);
      }
    }
    return false;
  }

  private ObjectiveSettings objective() {
    ObjectiveSettings parsed = ObjectiveSettings.parse(settings.objective(), settings.estimator(), settings.k());
    return settings.kAnnealSteps() > 0
        ? parsed.withAnnealing(settings.kStart().orElse(settings.k()), settings.kAnnealSteps()) : parsed;
  }

  private UpdateSettings update() {
    UpdateSettings defaults = UpdateSettings.defaults();
    return new UpdateSettings(defaults.trainer().withLearningRate(settings.learningRate()),
        PolicyTrainer.Normalisation.SEQUENCE, settings.maxStaleness(), settings.importanceRatioCap(),
        settings.diagnostics());
  }

  /** One process's share of a run: from the start (or restored) state to the last step or a stop. */
  private final class Session {

    private final String runId;
    private final Task task;
    private final Policy policy;
    private final LearnerStep learner;
    private final LearnerTopics topics;
    private final CheckpointWriter writer;
    private final Path checkpoints;
    private final DispatchBook book;
    private final RunLedger ledger;
    private final LinkedHashMap<String, Buffered> buffer = new LinkedHashMap<>();
    private final PolicyAnnouncements announcements;
    private final MetricsMapping.RunFacts facts;
    private final EvalTracker evalTracker = new EvalTracker();
    private final Optional<HeldOutEvaluation> evaluation;
    private final long resumedFromStep;
    /** Written by the checkpoint writer's thread once a version is announced. */
    private volatile long announcedVersion;
    private volatile double lastCheckpointSeconds = Double.NaN;
    private long droppedStale;
    private long samplesSinceStep;
    private long lastStepMillis;

    Session(String runId, Task task, Policy policy, LearnerStep learner, LearnerTopics topics,
        CheckpointWriter writer, Path checkpoints, LearnerProgress progress) {
      this.runId = runId;
      this.task = task;
      this.policy = policy;
      this.learner = learner;
      this.topics = topics;
      this.writer = writer;
      this.checkpoints = checkpoints;
      this.book = new DispatchBook(progress.nextPromptIndex(), progress.inFlight(),
          settings.maxInFlight().orElse(2 * settings.batchPrompts()), settings.redispatchTimeout(), clock);
      this.ledger = new RunLedger(progress.trained(), this::promptId);
      this.announcements = new PolicyAnnouncements(checkpoints.resolveSibling("policy-store"),
          settings.inlineCheckpointMaxBytes());
      ObjectiveSettings objective = objective();
      this.facts = new MetricsMapping.RunFacts(runId, settings.objective(),
          objective.objective() == dev.passk.training.Objective.PASS1 ? "pass1" : objective.estimator());
      this.evaluation = settings.evalInterval() <= 0 ? Optional.empty()
          : Optional.of(new HeldOutEvaluation(task, settings.evalPrompts(), settings.evalSamples(),
              settings.evalKs(), new SamplingSettings(settings.evalTemperature(), 1.0, settings.evalMaxTokens()),
              new VerifierCatalog(VerifierRegistry.load(), Map.of(),
                  BoundedVerifier.Limits.of(Duration.ofSeconds(10), 4)), settings.seed()));
      this.announcedVersion = progress.policyVersion();
      this.resumedFromStep = progress.step();
      topics.seek(progress.scoredRolloutOffsets());
    }

    void run(Path startFolder) throws IOException {
      announce(announcedVersion, startFolder, CheckpointArchive.read(startFolder));
      evaluation.ifPresent(e -> {
        EvalResult baseline = e.evaluate(policy);
        evalTracker.evaluated(baseline);
        recordEval(baseline);
        LOG.infof("run %s: baseline evaluation at step %d: pass@1 %.4f, pass@k %s", runId, learner.steps(),
            baseline.pass1(), baseline.passAtK());
      });
      status.phase = LearnerStatus.Phase.RUNNING;
      publishLedger();
      lastStepMillis = clock.millis();
      while (!stopping && learner.steps() < settings.totalSteps()) {
        dispatch();
        admit(topics.poll(POLL));
        while (buffer.size() >= settings.batchPrompts() && learner.steps() < settings.totalSteps()) {
          step();
        }
        publishStatus();
      }
      writer.await();
      topics.flush();
      if (learner.steps() >= settings.totalSteps()) {
        status.phase = LearnerStatus.Phase.COMPLETE;
        publishLedger();
        LOG.infof("run %s complete: %d steps, %d groups trained, %d duplicates and %d strays refused, "
            + "%d dropped stale, %d re-dispatches, %d prompts dispatched, %d still in flight", runId,
            learner.steps(), ledger.trainedCount(), ledger.duplicates(), ledger.notInFlight(), droppedStale,
            book.redispatches(), book.nextIndex(), book.inFlight());
      }
    }

    private void dispatch() {
      long needed = (settings.totalSteps() - learner.steps()) * (long) settings.batchPrompts();
      for (DispatchBook.Dispatch d : book.fill(this::promptId, needed)) {
        send(d);
      }
      for (DispatchBook.Dispatch d : book.overdue()) {
        LOG.infof("run %s: no result for %s within %s; re-dispatched as attempt %d", runId, d.promptId(),
            settings.redispatchTimeout(), d.attempt());
        send(d);
      }
    }

    /** The id prompt {@code index} of the run's stream is dispatched under. */
    private String promptId(long index) {
      return PromptIds.of(task.prompt(settings.seed(), index).id(), index);
    }

    private void send(DispatchBook.Dispatch d) {
      topics.send(Topic.PROMPTS, d.promptId(), PromptRecords.toRecord(runId, task.name(),
          task.prompt(settings.seed(), d.index()), d, settings.samples(),
          PromptRecords.minPolicyVersion(announcedVersion, settings.maxStaleness(), settings.checkpointInterval())));
    }

    private void admit(List<LearnerTopics.Delivery> deliveries) {
      for (LearnerTopics.Delivery d : deliveries) {
        if (!d.scored().getRollout().getPrompt().getRunId().equals(runId)) {
          continue;
        }
        String id = d.group().promptId();
        if (ledger.admit(id, book.isInFlight(id)) == RunLedger.Admission.ACCEPTED) {
          book.arrived(id);
          String label = d.scored().getRollout().getPrompt().getMetadata().getOrDefault(PromptRecords.LABEL, "");
          buffer.put(id, new Buffered(d.group(), label, d.partition(), d.offset()));
          samplesSinceStep += d.group().size();
        }
      }
    }

    private void step() throws IOException {
      List<Buffered> batch = new ArrayList<>(buffer.values()).subList(0, settings.batchPrompts());
      long t0 = System.nanoTime();
      StepOutcome outcome = learner.apply(batch.stream().map(Buffered::group).toList(), learner.steps());
      double seconds = (System.nanoTime() - t0) / 1e9;
      batch.forEach(b -> buffer.remove(b.group().promptId()));
      Set<String> trained = new HashSet<>(outcome.trainedPromptIds());
      ledger.trained(outcome.trainedPromptIds());
      outcome.trainedPromptIds().forEach(book::trained);
      for (Buffered b : batch) {
        if (!trained.contains(b.group().promptId())) {
          droppedStale++;
          ledger.dropped(b.group().promptId());
          send(book.redispatch(b.group().promptId()));
        }
      }
      // The trained prompts' slots go out now, before the checkpoint (~25 ms on 2 cores), so samplers
      // work on the next batch while this thread saves and announces.
      dispatch();
      if (outcome.skipped()) {
        LOG.infof("run %s: all %d groups of the batch were stale; re-dispatched", runId, batch.size());
        return;
      }
      status.stepSeconds = seconds;
      long now = clock.millis();
      double samplesPerSecond = samplesSinceStep * 1000.0 / Math.max(1, now - lastStepMillis);
      samplesSinceStep = 0;
      lastStepMillis = now;
      outcome.interference().ifPresent(r -> {
        evalTracker.stepPredicted(r.predictedPass1Change().orElse(Double.NaN));
        status.innerKOne = r.innerProduct();
        status.cosine = r.cosine();
      });
      Evaluation evaluated = null;
      if (evaluation.isPresent() && outcome.step() % settings.evalInterval() == 0) {
        EvalResult result = evaluation.get().evaluate(policy);
        evaluated = evalTracker.evaluated(result);
        recordEval(result);
      }
      Map<String, String> labels = new HashMap<>();
      batch.forEach(b -> labels.put(b.group().promptId(), b.label()));
      List<String> trainedLabels = outcome.trainedPromptIds().stream().map(labels::get).toList();
      LearnerMetrics record = MetricsMapping.toRecord(facts, outcome, new MetricsMapping.StepFacts(
          announcedVersion, droppedStale, samplesPerSecond,
          trainedLabels.stream().allMatch(String::isEmpty) ? List.of() : trainedLabels, now), evaluated);
      topics.send(Topic.METRICS, runId, record);
      boolean checkpoint = outcome.step() % settings.checkpointInterval() == 0 || outcome.step() >= settings.totalSteps();
      double snapshotSeconds = checkpoint ? checkpoint(outcome.step()) : 0;
      status.samplesPerSecond = samplesPerSecond;
      publishLedger();
      ImportanceRatioStatistics ratios = outcome.importanceRatios();
      LOG.infof("run %s: step %d (k %d) in %.2f s: loss %.4f, |g| %.3f, reward %.3f, pass@1 %.3f, "
          + "pass@k %.3f, staleness %.1f, log ratio mean %+.2e min %+.2e max %+.2e, truncated %.1f%%, "
          + "%d trained%s", runId, outcome.step(), outcome.k(), seconds, outcome.loss(), outcome.gradNorm(),
          outcome.meanReward(), outcome.batchPass1(), outcome.batchPassK(), outcome.meanStaleness(),
          ratios.meanLogRatio(), ratios.minLogRatio(), ratios.maxLogRatio(), 100 * ratios.truncatedFraction(),
          outcome.trainedPromptIds().size(),
          checkpoint ? checkpointNote(snapshotSeconds) : "");
    }

    private String checkpointNote(double snapshotSeconds) {
      double written = lastCheckpointSeconds;
      return String.format(", checkpoint snapshot in %.3f s", snapshotSeconds)
          + (Double.isNaN(written) ? "" : String.format(" (the last one was written and announced in %.3f s)", written));
    }

    /**
     * Takes a snapshot of the whole state on this thread and hands it to the writer, which flushes
     * the producer (the prompts the snapshot calls in flight must be in Kafka), saves it, then
     * announces the version (a crash between the two re-announces on restart) while training goes
     * on; returns the seconds this thread spent.
     */
    private double checkpoint(long step) throws IOException {
      long t0 = System.nanoTime();
      LearnerProgress progress = new LearnerProgress(step, step, book.nextIndex(), committedOffsets(),
          book.snapshot(), ledger.trained(), settings.seed());
      LearnerCheckpoint.Snapshot snapshot = LearnerCheckpoint.Snapshot.of(policy, learner.trainer(), progress);
      writer.submit(() -> {
        long started = System.nanoTime();
        topics.flush();
        Path saved = LearnerCheckpoint.save(checkpoints, snapshot);
        announce(step, saved.resolve(LearnerCheckpoint.POLICY), snapshot.policyFiles());
        lastCheckpointSeconds = (System.nanoTime() - started) / 1e9;
      });
      return (System.nanoTime() - t0) / 1e9;
    }

    /** Per partition: the oldest buffered group's offset (it must be read again after a restart), else the position. */
    private Map<Integer, Long> committedOffsets() {
      Map<Integer, Long> offsets = new HashMap<>(topics.positions());
      for (Buffered b : buffer.values()) {
        offsets.merge(b.partition(), b.offset(), Math::min);
      }
      return offsets;
    }

    private void announce(long version, Path folder, Map<String, byte[]> files) throws IOException {
      PolicyVersion record = announcements.announce(runId, version, folder, files, clock.millis());
      topics.sendNow(Topic.POLICY_VERSIONS, runId, record);
      announcedVersion = version;
      status.policyVersion = version;
    }

    private void recordEval(EvalResult result) {
      status.evalPass1 = result.pass1();
      Integer k = result.passAtK().containsKey(settings.k()) ? Integer.valueOf(settings.k())
          : result.passAtK().isEmpty() ? null : result.passAtK().lastKey();
      status.evalPassK = k == null ? Double.NaN : result.passAtK().get(k);
    }

    private void publishLedger() {
      status.ledger = new LedgerSnapshot(runId, status.phase.name(), learner.steps(), resumedFromStep,
          book.nextIndex(), ledger.trained(), this::promptId, book.snapshot(), ledger.duplicates(),
          ledger.notInFlight(), droppedStale, book.redispatches());
    }

    private void publishStatus() {
      status.step = learner.steps();
      status.droppedStale = droppedStale;
      status.duplicates = ledger.duplicates();
      status.inFlight = book.inFlight();
      status.trained = ledger.trainedCount();
    }
  }
}
