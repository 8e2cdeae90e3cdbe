package dev.passk.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.passk.broker.TestKafka;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.kafka.AvroDeserializer;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import dev.passk.schemas.kafka.TopicSetup;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The crash the restart test rarely hits: a replica dies with a transaction open (its scored rollout
 * already sent, not committed). The restarted replica, same replica id, fences it and aborts that
 * transaction on start: read_committed readers never see the half-done output, only the rescored one.
 */
class ScoringLoopTest {

  private static final String BOOTSTRAP = TestKafka.bootstrapServers();
  private static final String SCORED = Topic.SCORED_ROLLOUTS.topicName();

  @Test
  void aRestartedReplicaAbortsTheTransactionItsCrashedPredecessorLeftOpen() throws Exception {
    TopicSetup.ensureTopics(BOOTSTRAP);
    String replicaId = "loop-test-" + System.nanoTime();
    String runId = replicaId + "-run";
    Rollout rollout = VerifierServiceTest.rollout(runId, runId + "-p", "3", List.of("3", "4"));
    ScoredRollout halfDone = ScoredRollout.newBuilder().setRollout(rollout).setScores(List.of())
        .setVerifierId("crashed-predecessor").setScoredAtMillis(0).build();

    try (KafkaProducer<String, SpecificRecord> predecessor = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "passk-verifier-" + replicaId), new StringSerializer(), new AvroSerializer())) {
      predecessor.initTransactions();
      predecessor.beginTransaction();
      predecessor.send(new ProducerRecord<>(SCORED, rollout.getPrompt().getPromptId(), halfDone)).get();
      TopicProbe.send(BOOTSTRAP, Topic.ROLLOUTS.topicName(), Map.of(rollout.getPrompt().getPromptId(), rollout));

      VerifierMetrics metrics = new VerifierMetrics(new SimpleMeterRegistry());
      try (VerifierCatalog catalog = new VerifierCatalog(VerifierRegistry.load(), Map.of(),
          BoundedVerifier.Limits.of(Duration.ofSeconds(10), 2))) {
        ScoringLoop restarted = new ScoringLoop(new ScoringLoop.Settings(BOOTSTRAP, replicaId + "-group",
            Optional.of(replicaId), 8), new RolloutScoring(catalog, replicaId, metrics), metrics);
        Thread thread = new Thread(restarted, "restarted-replica");
        thread.start();
        try {
          // Same key, same partition: read_committed readers see past the predecessor's record only
          // once its transaction has ended, so the rescored record coming through means it ended.
          List<ScoredRollout> committed = TopicProbe.<ScoredRollout>await(BOOTSTRAP, SCORED,
              s -> ours(s, runId, replicaId), 1, Duration.ofSeconds(60));
          assertEquals(List.of(replicaId), committed.stream().map(ScoredRollout::getVerifierId).toList(),
              "read_committed sees the rescored rollout once, and not the crashed replica's half-done one");
          assertEquals(List.of(1.0, 0.0), committed.get(0).getScores().stream().map(s -> s.getReward()).toList());
          assertEquals(List.of("crashed-predecessor", replicaId), readUncommitted(runId, replicaId),
              "the half-done record was written, then aborted");
        } finally {
          restarted.stop();
          thread.join(10_000);
        }
      }
      assertThrows(KafkaException.class, predecessor::commitTransaction, "the predecessor is fenced");
    }
  }

  /**
   * Written for this run by the predecessor or the restarted replica (the service of the other tests
   * in this JVM, in its own group, may score the rollout too).
   */
  private static boolean ours(ScoredRollout scored, String runId, String replicaId) {
    return scored.getRollout().getPrompt().getRunId().equals(runId)
        && List.of("crashed-predecessor", replicaId).contains(scored.getVerifierId());
  }

  /** Verifier ids of {@link #ours} records on scored-rollouts, aborted ones included, in offset order. */
  private static List<String> readUncommitted(String runId, String replicaId) {
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), new StringDeserializer(), new AvroDeserializer())) {
      List<TopicPartition> partitions = IntStream.range(0, Topic.SCORED_ROLLOUTS.partitions())
          .mapToObj(p -> new TopicPartition(SCORED, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (ids.size() < 2 && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          ScoredRollout scored = (ScoredRollout) record.value();
          if (ours(scored, runId, replicaId)) {
            ids.add(scored.getVerifierId());
          }
        }
      }
    }
    return ids;
  }
}
