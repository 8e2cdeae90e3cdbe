package dev.passk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.LocalPipeline;
import dev.passk.cli.pipeline.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Chaos during a learner run: kill -9 of the sampler, the verifier, the learner and the broker at
 * random moments (a seeded schedule, {@code -Dpassk.chaos.seed}: which target, at which step of the
 * run, how long it stays down), each started again after a short pause. Kills are placed by the
 * run's step, not by the clock, so that all of them land mid-run however fast the machine is. The run completes, and the ledger shows every dispatched prompt trained exactly once or
 * still out: 0 lost, 0 double-counted.
 *
 * <p>Between kills every service's liveness is checked; one found down (its JVM gone, or
 * {@code /q/health/live} 503) is killed and started again, and counted apart from the schedule's
 * kills, so a service that does not survive a broker restart shows in the summary.
 */
class ChaosIT {

  private static final int STEPS = 30;
  /** Kills land on steps 1..LAST_KILL_STEP, leaving the run's end free of them. */
  private static final int LAST_KILL_STEP = STEPS - 8;
  private static final int BATCH = 2;
  private static final int CHECKPOINT_INTERVAL = 2;
  private static final int KILLS = 10;
  private static final long SEED = Long.getLong("passk.chaos.seed", 20261128L);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

  /** What the schedule kills. */
  enum Target {
    SAMPLER("sampler-service"), VERIFIER("verifier-service"), LEARNER("learner-service"), BROKER("broker");

    final String service;

    Target(String service) {
      this.service = service;
    }
  }

  private final PrintStream progress = new PrintStream(System.out, true);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<Target, Integer> kills = new EnumMap<>(Target.class);
  private final Map<Target, Integer> foundDown = new EnumMap<>(Target.class);
  /** The last ledger each learner JVM showed, by pid: its refusal counters start at 0 in each JVM. */
  private final Map<Long, JsonNode> ledgerByLearnerPid = new HashMap<>();

  @Test
  void killsOfEveryServiceAndTheBrokerLoseNothingAndCountNothingTwice() throws Exception {
    String runId = "chaos-" + System.nanoTime();
    Path workDir = PasskHome.root().resolve("integration-tests/target/chaos-it").resolve(runId);
    LocalPipeline.Options options = new LocalPipeline.Options(PasskHome.root(), workDir, Optional.empty(),
        PasskHome.root().resolve("target/djl-cache"), Map.ofEntries(
            Map.entry("PASSK_RUN_ID", runId), Map.entry("PASSK_RUN_TASK", "addition"),
            Map.entry("PASSK_RUN_STEPS", Integer.toString(STEPS)),
            Map.entry("PASSK_RUN_BATCH_PROMPTS", Integer.toString(BATCH)),
            Map.entry("PASSK_RUN_SAMPLES", "3"), Map.entry("PASSK_RUN_K", "2"),
            Map.entry("PASSK_RUN_CHECKPOINT_INTERVAL", Integer.toString(CHECKPOINT_INTERVAL)),
            // Prompts whose groups a kill lost come back after 20 s.
            Map.entry("PASSK_RUN_MAX_STALENESS", "1000"), Map.entry("PASSK_RUN_REDISPATCH_TIMEOUT", "20s"),
            Map.entry("PASSK_RUN_STATE_DIR", workDir.resolve("learner-state").toString())));
    long t0 = System.nanoTime();
    try (LocalPipeline pipeline = LocalPipeline.start(options, progress)) {
      Random random = new Random(SEED);
      List<Target> schedule = schedule(random);
      List<Integer> atSteps = random.ints(1, LAST_KILL_STEP + 1).limit(KILLS).sorted().boxed().toList();
      progress.printf("chaos seed %d, schedule %s at steps %s%n", SEED, schedule, atSteps);
      for (int i = 0; i < KILLS; i++) {
        long step = atSteps.get(i);
        JsonNode ledger = awaitLedger(pipeline, l -> l.get("step").asLong() >= step || complete(l), Duration.ofMinutes(4));
        if (complete(ledger)) {
          break;
        }
        progress.printf("chaos: step %d%n", ledger.get("step").asLong());
        killAndRestart(pipeline, schedule.get(i), 500 + random.nextInt(1_500));
        restartWhatIsDown(pipeline);
      }
      int killed = kills.values().stream().mapToInt(Integer::intValue).sum();
      assertEquals(KILLS, killed, "the run finished after " + killed + " of the schedule's " + KILLS
          + " kills; kills must land by step " + LAST_KILL_STEP + " of " + STEPS);

      JsonNode ledger = awaitLedger(pipeline, ChaosIT::complete, RUN_TIMEOUT);
      observeLearner(pipeline);
      LedgerAudit audit = LedgerAudit.of(pipeline.bootstrapServers(), runId, ledger);
      progress.println(audit.summary());
      progress.printf("chaos summary: kills %s (%d), restarts %d, found down and restarted %s, records lost %d, "
              + "double-counted %d, duplicates refused %d, refused as not in flight %d, stale dropped %d, "
              + "re-dispatches %d, dead letters %s, wall %.0f s%n", kills, killed,
          killed, foundDown, audit.lost().size(), audit.doubleCounted(), sumOverLearners("duplicates"),
          sumOverLearners("notInFlight"), sumOverLearners("droppedStale"), sumOverLearners("redispatches"),
          LedgerAudit.deadLetters(pipeline.bootstrapServers()), (System.nanoTime() - t0) / 1e9);

      assertEquals(STEPS, ledger.get("step").asLong());
      assertEquals(LongStream.rangeClosed(1, STEPS).boxed().toList(), List.copyOf(audit.lineage().keySet()),
          "every step published");
      assertEquals(STEPS * BATCH, audit.trained().size(), "B groups trained per step");
      assertEquals(0, audit.doubleCounted(), "no group trained twice in the run's history");
      assertEquals(java.util.Set.of(), audit.lost(), "every dispatched prompt is trained or still in flight");
      assertEquals(java.util.Set.of(), audit.beyondNextIndex(), "no prompt beyond the ledger's index");
      assertEquals(audit.nextPromptIndex(), audit.trained().size() + audit.inFlight().size(),
          "indices 0..next-1 are each trained or out");
      for (Target target : Target.values()) {
        assertTrue(kills.getOrDefault(target, 0) >= 1, target + " was killed at least once: " + kills);
      }
    }
  }

  /** {@value #KILLS} targets, each kind at least once, in a random order. */
  private static List<Target> schedule(Random random) {
    List<Target> schedule = new ArrayList<>(List.of(Target.values()));
    while (schedule.size() < KILLS) {
      schedule.add(Target.values()[random.nextInt(Target.values().length)]);
    }
    Collections.shuffle(schedule, random);
    return schedule;
  }

  private void killAndRestart(LocalPipeline pipeline, Target target, long pauseMillis)
      throws IOException, InterruptedException {
    long killedAt = System.nanoTime();
    if (target == Target.BROKER) {
      long pid = pipeline.brokerPid();
      pipeline.killBroker();
      progress.printf("chaos: broker (pid %d) killed -9%n", pid);
      Thread.sleep(pauseMillis);
      pipeline.restartBroker(progress);
    } else {
      ServiceProcess service = pipeline.service(target.service);
      service.kill();
      progress.printf("chaos: %s (pid %d) killed -9%n", target.service, service.pid());
      Thread.sleep(pauseMillis);
      pipeline.restart(target.service, progress);
    }
    kills.merge(target, 1, Integer::sum);
    progress.printf("chaos: %s back %.1f s after its kill%n", target.service, (System.nanoTime() - killedAt) / 1e9);
  }

  /** Kills and starts again every service whose JVM is gone or whose liveness says DOWN. */
  private void restartWhatIsDown(LocalPipeline pipeline) throws IOException, InterruptedException {
    for (Target target : List.of(Target.SAMPLER, Target.VERIFIER, Target.LEARNER)) {
      ServiceProcess service = pipeline.service(target.service);
      Optional<String> down = down(service);
      if (down.isPresent()) {
        progress.printf("chaos: %s (pid %d) found down (%s); restarting it%n", target.service, service.pid(),
            down.get());
        service.kill();
        pipeline.restart(target.service, progress);
        foundDown.merge(target, 1, Integer::sum);
      }
    }
  }

  /** Why the service is down, or empty when its JVM runs and its liveness is not DOWN (or does not answer in time). */
  private Optional<String> down(ServiceProcess service) throws InterruptedException {
    if (!service.isAlive()) {
      return Optional.of("JVM exited with code " + service.exitCode());
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/live"))
        .timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 503 ? Optional.of("liveness " + response.body().replaceAll("\\s+", " "))
          : Optional.empty();
    } catch (IOException slowOrRestarting) {
      return Optional.empty();
    }
  }

  /** The learner's ledger now, remembered by its pid. */
  private Optional<JsonNode> observeLearner(LocalPipeline pipeline) {
    ServiceProcess learner = pipeline.service(Target.LEARNER.service);
    Optional<JsonNode> ledger = LedgerAudit.ledger(learner);
    ledger.ifPresent(l -> ledgerByLearnerPid.put(learner.pid(), l));
    return ledger;
  }

  /** Polls the ledger of the running learner until it satisfies {@code until}, restarting services found down. */
  private JsonNode awaitLedger(LocalPipeline pipeline, Predicate<JsonNode> until, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextSweep = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Optional<JsonNode> ledger = observeLearner(pipeline);
      if (ledger.isPresent() && until.test(ledger.get())) {
        return ledger.get();
      }
      if (System.nanoTime() >= nextSweep) {
        restartWhatIsDown(pipeline);
        nextSweep = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the learner's ledger did not get there within " + timeout + "; last ledgers by pid "
        + new TreeMap<>(ledgerByLearnerPid));
  }

  private static boolean complete(JsonNode ledger) {
    return ledger.get("phase").asText().equals("COMPLETE");
  }

  /** A refusal counter summed over every learner JVM of the run (each last seen before its kill). */
  private long sumOverLearners(String counter) {
    return ledgerByLearnerPid.values().stream().mapToLong(l -> l.get(counter).asLong()).sum();
  }
}
