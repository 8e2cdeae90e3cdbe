package dev.passk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.LocalPipeline;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kill -9 of the learner mid-run, after a checkpoint and between two: the restarted learner resumes
 * from the checkpoint (weights, optimizer, offsets, prompts in flight, ledger) and finishes the run,
 * and the ledger shows every dispatched prompt trained exactly once or still out: 0 lost, 0
 * double-counted.
 */
class LearnerCrashIT {

  private static final int STEPS = 12;
  private static final int BATCH = 2;
  private static final int CHECKPOINT_INTERVAL = 3;
  /** Killed as soon as its ledger shows this step: after the step-3 checkpoint, well before the run ends. */
  private static final int KILL_AFTER_STEP = 4;

  @Test
  void aKilledLearnerResumesFromItsCheckpointAndTheLedgerShowsNothingLostNothingTwice() throws Exception {
    String runId = "crash-" + System.nanoTime();
    // Under target/, not a temporary folder: the service logs stay for a look after a failure.
    Path workDir = PasskHome.root().resolve("integration-tests/target/learner-crash-it").resolve(runId);
    PrintStream progress = new PrintStream(System.out, true);
    LocalPipeline.Options options = new LocalPipeline.Options(PasskHome.root(), workDir, Optional.empty(),
        PasskHome.root().resolve("target/djl-cache"), Map.ofEntries(
            Map.entry("PASSK_RUN_ID", runId), Map.entry("PASSK_RUN_TASK", "addition"),
            Map.entry("PASSK_RUN_STEPS", Integer.toString(STEPS)),
            Map.entry("PASSK_RUN_BATCH_PROMPTS", Integer.toString(BATCH)),
            Map.entry("PASSK_RUN_SAMPLES", "3"), Map.entry("PASSK_RUN_K", "2"),
            Map.entry("PASSK_RUN_CHECKPOINT_INTERVAL", Integer.toString(CHECKPOINT_INTERVAL)),
            Map.entry("PASSK_RUN_MAX_STALENESS", "1000"), Map.entry("PASSK_RUN_REDISPATCH_TIMEOUT", "60s"),
            Map.entry("PASSK_RUN_STATE_DIR", workDir.resolve("learner-state").toString())));
    try (LocalPipeline pipeline = LocalPipeline.start(options, progress)) {
      String bootstrap = pipeline.bootstrapServers();
      ServiceProcess learner = pipeline.service("learner-service");
      long stepAtKill = awaitLedgerStep(learner, KILL_AFTER_STEP, Duration.ofMinutes(3));
      long killedAt = System.nanoTime();
      learner.kill();
      progress.printf("learner (pid %d) killed -9 at step %d%n", learner.pid(), stepAtKill);

      ServiceProcess restarted = pipeline.restart("learner-service", progress);
      double readySeconds = (System.nanoTime() - killedAt) / 1e9;
      List<LearnerMetrics> metrics = awaitStep(bootstrap, runId, STEPS, Duration.ofMinutes(4));
      JsonNode ledger = ledger(restarted);
      progress.printf("restart: ready %.1f s after the kill; run finished %.1f s after the kill%n", readySeconds,
          (System.nanoTime() - killedAt) / 1e9);

      // The run's history: the last metrics record of each step (a restart redoes the steps after its checkpoint).
      TreeMap<Long, LearnerMetrics> lineage = new TreeMap<>();
      metrics.forEach(m -> lineage.put(m.getStep(), m));
      int trainedInLineage = lineage.values().stream().mapToInt(m -> m.getSuccessRates().size()).sum();
      long redone = metrics.size() - lineage.size();
      Set<String> trained = new HashSet<>();
      ledger.get("trained").forEach(id -> trained.add(id.asText()));
      Set<String> inFlight = new HashSet<>();
      ledger.get("inFlight").fieldNames().forEachRemaining(inFlight::add);
      long nextIndex = ledger.get("nextPromptIndex").asLong();
      Set<String> dispatched = TopicProbe.await(bootstrap, Topic.PROMPTS.topicName(),
              (Prompt p) -> p.getRunId().equals(runId), Integer.MAX_VALUE, Duration.ofSeconds(5))
          .stream().map(Prompt::getPromptId).collect(Collectors.toSet());
      Set<String> lost = dispatched.stream().filter(id -> !trained.contains(id) && !inFlight.contains(id))
          .collect(Collectors.toSet());
      long doubleCounted = trainedInLineage - trained.size();
      progress.printf("resumed from the checkpoint of step %d%n", ledger.get("resumedFromStep").asLong());
      progress.printf("ledger: %d steps (%d redone after the restart), %d groups trained, %d prompts dispatched "
              + "(next index %d), %d in flight, %d lost, %d double-counted; restarted learner refused %d duplicates "
              + "and %d groups not in flight, re-dispatched %d%n", lineage.size(), redone, trained.size(),
          dispatched.size(), nextIndex, inFlight.size(), lost.size(), doubleCounted, ledger.get("duplicates").asLong(),
          ledger.get("notInFlight").asLong(), ledger.get("redispatches").asLong());

      for (Topic deadLetters : List.of(Topic.DEAD_LETTER_SAMPLER, Topic.DEAD_LETTER_VERIFIER, Topic.DEAD_LETTER_LEARNER)) {
        TopicProbe.await(bootstrap, deadLetters.topicName(), (DeadLetter d) -> true, Integer.MAX_VALUE,
            Duration.ofSeconds(2)).forEach(d -> progress.printf("%s: %s%n", deadLetters.topicName(), d.getReason()));
      }

      assertEquals("COMPLETE", ledger.get("phase").asText());
      assertEquals(STEPS, ledger.get("step").asLong());
      assertEquals(java.util.stream.LongStream.rangeClosed(1, STEPS).boxed().toList(), List.copyOf(lineage.keySet()), "every step published");
      long resumedFrom = ledger.get("resumedFromStep").asLong();
      assertTrue(resumedFrom >= CHECKPOINT_INTERVAL && resumedFrom < STEPS,
          "the restart resumed mid-run from a checkpoint, not from scratch: step " + resumedFrom);
      assertEquals(STEPS * BATCH, trained.size(), "B groups trained per step");
      assertEquals(0, doubleCounted, "no group trained twice in the run's history");
      assertEquals(Set.of(), lost, "every dispatched prompt is trained or still in flight");
      assertEquals(0, ledger.get("redispatches").asLong(),
          "the restart re-read every group after its checkpoint: no prompt waited for its 60 s timeout");
      assertTrue(dispatched.stream().allMatch(id -> index(id) < nextIndex), "no prompt beyond the ledger's index");
      assertEquals(nextIndex, trained.size() + inFlight.size(), "indices 0..next-1 are each trained or out");
    }
  }

  private static long index(String promptId) {
    return Long.parseLong(promptId.substring(promptId.lastIndexOf('@') + 1));
  }

  /** Every metrics record of the run, read until one of {@code step} is among them. */
  private static List<LearnerMetrics> awaitStep(String bootstrap, String runId, long step, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<LearnerMetrics> all = TopicProbe.await(bootstrap, Topic.METRICS.topicName(),
          (LearnerMetrics m) -> m.getRunId().equals(runId), Integer.MAX_VALUE, Duration.ofSeconds(3));
      if (all.stream().anyMatch(m -> m.getStep() >= step)) {
        return all;
      }
    }
    throw new AssertionError("the learner did not publish step " + step + " within " + timeout);
  }

  /** Polls the learner's ledger until it shows {@code step}; returns the step it showed. */
  private static long awaitLedgerStep(ServiceProcess learner, long step, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(learner.baseUrl() + "/learner/ledger"))
        .timeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        long shown = new ObjectMapper().readTree(response.body()).get("step").asLong();
        if (shown >= step) {
          return shown;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the learner's ledger did not reach step " + step + " within " + timeout);
  }

  /** The learner's ledger once its run is complete (it flushes after the last step's metrics). */
  private static JsonNode ledger(ServiceProcess learner) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(learner.baseUrl() + "/learner/ledger"))
        .timeout(Duration.ofSeconds(10)).build();
    JsonNode ledger = null;
    for (int attempt = 0; attempt < 60; attempt++) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      ledger = new ObjectMapper().readTree(response.body());
      if (ledger.get("phase").asText().equals("COMPLETE")) {
        break;
      }
      Thread.sleep(500);
    }
    return ledger;
  }
}
