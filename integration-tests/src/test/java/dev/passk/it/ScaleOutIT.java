package dev.passk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.LocalPipeline;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A learner run on the real broker with two sampler and two verifier replicas, each in its own JVM,
 * the replicas of a service in one consumer group ({@code prompts}, {@code rollouts} and
 * {@code scored-rollouts} have 12 partitions each, so each replica owns 6): the run completes, the
 * ledger shows 0 lost and 0 double-counted, and every replica wrote a share of the run's rollouts or
 * scored rollouts (by the replica id stamped on each record). The learner starts only once both
 * groups have two members with partitions, so the split is not left to a rebalance's timing.
 */
class ScaleOutIT {

  private static final int STEPS = 8;
  private static final int BATCH = 4;
  private static final String SAMPLER_GROUP = "passk-sampler";
  private static final String VERIFIER_GROUP = "passk-verifier";
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  private final PrintStream progress = new PrintStream(System.out, true);

  @Test
  void twoSamplersAndTwoVerifiersShareARunThatLosesNothingAndCountsNothingTwice() throws Exception {
    String runId = "scale-out-" + System.nanoTime();
    Path workDir = PasskHome.root().resolve("integration-tests/target/scale-out-it").resolve(runId);
    LocalPipeline.Options options = new LocalPipeline.Options(PasskHome.root(), workDir, Optional.empty(),
        PasskHome.root().resolve("target/djl-cache"), Map.of());
    long t0 = System.nanoTime();
    try (LocalPipeline pipeline = LocalPipeline.start(options, progress)) {
      // The first verifier has no replica id (a random transactional id); the second gets its own.
      ServiceProcess verifier2 = pipeline.startReplica("verifier-service", "verifier-service-2",
          Map.of("PASSK_VERIFIER_REPLICA_ID", "scale-out-verifier-2"), progress);
      ServiceProcess sampler2 = pipeline.startReplica("sampler-service", "sampler-service-2", Map.of(), progress);
      List<ServiceProcess> samplers = List.of(pipeline.service("sampler-service"), sampler2);
      List<ServiceProcess> verifiers = List.of(pipeline.service("verifier-service"), verifier2);
      SamplerIT.awaitMembersWithPartitions(pipeline.bootstrapServers(), SAMPLER_GROUP, 2);
      SamplerIT.awaitMembersWithPartitions(pipeline.bootstrapServers(), VERIFIER_GROUP, 2);
      progress.printf("two samplers and two verifiers in their groups after %.1f s%n", (System.nanoTime() - t0) / 1e9);

      ServiceProcess learner = pipeline.startLearner(Map.of(
          "PASSK_RUN_ID", runId, "PASSK_RUN_TASK", "addition",
          "PASSK_RUN_STEPS", Integer.toString(STEPS), "PASSK_RUN_BATCH_PROMPTS", Integer.toString(BATCH),
          "PASSK_RUN_SAMPLES", "3", "PASSK_RUN_K", "2", "PASSK_RUN_CHECKPOINT_INTERVAL", "2",
          "PASSK_RUN_STATE_DIR", workDir.resolve("learner-state").toString()),
          EmbeddedKafkaBroker.freePort(), progress);
      JsonNode ledger = awaitComplete(learner);
      LedgerAudit audit = LedgerAudit.of(pipeline.bootstrapServers(), runId, ledger);
      progress.println(audit.summary());

      List<String> samplerIds = TopicProbe.await(pipeline.bootstrapServers(), Topic.ROLLOUTS.topicName(),
          (Rollout r) -> r.getPrompt().getRunId().equals(runId), Integer.MAX_VALUE, Duration.ofSeconds(5))
          .stream().map(Rollout::getSamplerId).toList();
      List<String> verifierIds = TopicProbe.await(pipeline.bootstrapServers(), Topic.SCORED_ROLLOUTS.topicName(),
          (ScoredRollout s) -> s.getRollout().getPrompt().getRunId().equals(runId), Integer.MAX_VALUE,
          Duration.ofSeconds(5)).stream().map(ScoredRollout::getVerifierId).toList();
      Map<String, Long> bySampler = ReplicaShares.count(samplers, samplerIds);
      Map<String, Long> byVerifier = ReplicaShares.count(verifiers, verifierIds);
      progress.printf("scale-out summary: rollouts per sampler %s, scored rollouts per verifier %s, "
              + "dead letters %s, wall %.0f s%n", bySampler, byVerifier,
          LedgerAudit.deadLetters(pipeline.bootstrapServers()), (System.nanoTime() - t0) / 1e9);

      assertEquals(STEPS, ledger.get("step").asLong());
      assertEquals(LongStream.rangeClosed(1, STEPS).boxed().toList(), List.copyOf(audit.lineage().keySet()),
          "every step published");
      assertEquals(STEPS * BATCH, audit.trained().size(), "B groups trained per step");
      assertEquals(0, audit.doubleCounted(), "no group trained twice");
      assertEquals(Set.of(), audit.lost(), "every dispatched prompt is trained or still in flight");
      assertShared("rollouts", bySampler, samplerIds.size());
      assertShared("scored rollouts", byVerifier, verifierIds.size());
    }
  }

  /** Every replica wrote some of the records and no one else wrote any. */
  private static void assertShared(String what, Map<String, Long> byReplica, int records) {
    assertTrue(records > 0, "the run wrote " + what);
    assertEquals(null, byReplica.get(ReplicaShares.OTHER),
        what + " written by no replica of the pipeline: " + byReplica);
    byReplica.forEach((replica, n) -> assertTrue(n > 0,
        replica + " wrote none of the run's " + what + ": " + byReplica));
  }

  private JsonNode awaitComplete(ServiceProcess learner) throws InterruptedException {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    Optional<JsonNode> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      Optional<JsonNode> now = LedgerAudit.ledger(learner);
      if (now.isPresent()) {
        last = now;
        if (now.get().get("phase").asText().equals("COMPLETE")) {
          return now.get();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the run did not complete within " + RUN_TIMEOUT + "; last ledger " + last
        + "; learner log " + learner.log());
  }
}
