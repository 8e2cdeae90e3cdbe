package dev.passk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.broker.BrokerProcess;
import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.Score;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.VerificationStatus;
import dev.passk.schemas.kafka.AvroDeserializer;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import dev.passk.schemas.kafka.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged verifier-service in its own JVM on the broker in its own JVM, killed with kill -9 in
 * the middle of a stream of rollouts and started again: {@code scored-rollouts}, read with
 * read_committed, holds every rollout exactly once, and completions whose program never ends are
 * TIMEOUT.
 */
class VerifierRestartIT {

  private static final int ROLLOUTS = 120;
  /**
   * Every 8th rollout names this verifier: program execution, whose 2 s wall-clock limit an endless
   * loop hits (the loop burns CPU, so even a sandbox orphaned by the kill -9 dies at its CPU limit).
   */
  private static final String LOOP_PRONE = "loop-prone";
  private static final String ENDLESS = "while True:\n    pass\n";
  private static final String ECHO = "print(input())\n";
  private static final String SPEC = "[{\"input\": \"5\", \"output\": \"5\"}]";

  @TempDir Path workDir;

  @Test
  void killedAndRestartedMidStreamScoresEveryRolloutExactlyOnce() throws Exception {
    String runId = "restart-it-" + System.nanoTime();
    Map<String, Rollout> rollouts = new LinkedHashMap<>();
    IntStream.range(0, ROLLOUTS).forEach(i -> rollouts.put(runId + "-p" + i, rollout(runId, runId + "-p" + i, i)));

    try (BrokerProcess broker = BrokerProcess.start(workDir.resolve("broker"), System.getProperty("java.class.path"),
        List.of("-Xmx512m", "-XX:+UseSerialGC"), Duration.ofSeconds(120), System.out::println)) {
      String bootstrap = broker.bootstrapServers();
      TopicSetup.ensureTopics(bootstrap);
      TopicProbe.send(bootstrap, Topic.ROLLOUTS.topicName(), rollouts);

      long firstPid;
      List<ScoredRollout> beforeKill;
      try (ServiceProcess first = startVerifier(bootstrap, "verifier-1")) {
        firstPid = first.pid();
        beforeKill = readCommitted(bootstrap, runId, list -> list.size() >= ROLLOUTS / 5, Duration.ofSeconds(90));
        first.kill();
      }
      System.out.printf("kill -9 of the verifier after %d of %d scored rollouts were committed%n",
          beforeKill.size(), ROLLOUTS);
      assertTrue(beforeKill.size() < ROLLOUTS, "the kill came mid-stream (raise ROLLOUTS if the service got faster)");

      List<ScoredRollout> all;
      long secondPid;
      try (ServiceProcess second = startVerifier(bootstrap, "verifier-2")) {
        secondPid = second.pid();
        readCommitted(bootstrap, runId, list -> list.size() >= ROLLOUTS, Duration.ofSeconds(120));
        Thread.sleep(3_000); // room for a duplicate to show up, if there were one
        all = readCommitted(bootstrap, runId, list -> list.size() > ROLLOUTS, Duration.ofSeconds(10));
      }
      System.out.printf("records of this run visible with read_uncommitted (aborted ones included): %d%n",
          readUncommittedCount(bootstrap, runId));

      Map<String, Long> perPrompt = all.stream().collect(Collectors.groupingBy(
          s -> s.getRollout().getPrompt().getPromptId(), Collectors.counting()));
      assertEquals(rollouts.keySet(), perPrompt.keySet(), "every rollout was scored");
      perPrompt.forEach((id, n) -> assertEquals(1L, n, id + " scored exactly once"));
      assertEquals(ROLLOUTS, all.size());

      Set<String> scorers = all.stream().map(ScoredRollout::getVerifierId).collect(Collectors.toCollection(TreeSet::new));
      assertTrue(scorers.stream().anyMatch(id -> id.endsWith("/" + firstPid)), "the first JVM committed some: " + scorers);
      assertTrue(scorers.stream().anyMatch(id -> id.endsWith("/" + secondPid)), "the restarted JVM committed the rest: " + scorers);

      for (ScoredRollout scored : all) {
        assertEquals(scored.getRollout(), rollouts.get(scored.getRollout().getPrompt().getPromptId()), "rollout kept verbatim");
        List<Score> scores = scored.getScores();
        if (scored.getRollout().getPrompt().getVerifier().equals(LOOP_PRONE)) {
          assertEquals(VerificationStatus.TIMEOUT, scores.get(0).getStatus(), "endless loop: " + scores.get(0));
          assertEquals(0.0, scores.get(0).getReward());
          assertEquals(VerificationStatus.OK, scores.get(1).getStatus(), "echo program: " + scores.get(1));
          assertEquals(1.0, scores.get(1).getReward());
        } else {
          assertEquals(List.of(VerificationStatus.OK, VerificationStatus.OK), scores.stream().map(Score::getStatus).toList());
          assertEquals(List.of(1.0, 0.0), scores.stream().map(Score::getReward).toList());
        }
      }
    }
  }

  /** The same replica id on both starts: the second fences the first's transactions and takes its partitions back. */
  private ServiceProcess startVerifier(String bootstrap, String logName) throws Exception {
    ServiceProcess service = ServiceProcess.start(logName, PasskHome.root().resolve("verifier-service/target/quarkus-app"),
        Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "PASSK_VERIFIER_REPLICA_ID", "it-verifier",
            "PASSK_VERIFIER_MAX_BATCH", "4"),
        List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-Dpassk.verifier.options." + LOOP_PRONE + ".type=program",
            "-Dpassk.verifier.options." + LOOP_PRONE + ".time-limit-ms=3000",
            "-Dpassk.verifier.options." + LOOP_PRONE + ".max-concurrent=2"),
        EmbeddedKafkaBroker.freePort(), workDir.resolve("logs"));
    try {
      service.awaitReady(Duration.ofSeconds(120));
    } catch (Exception e) {
      service.kill();
      throw e;
    }
    return service;
  }

  private static Rollout rollout(String runId, String promptId, int i) {
    boolean loopProne = i % 8 == 0;
    Prompt prompt = Prompt.newBuilder().setRunId(runId).setPromptId(promptId).setTask("restart-it")
        .setText(loopProne ? "echo the input" : i + "+1=")
        .setReferenceAnswer(loopProne ? SPEC : Integer.toString(i + 1))
        .setVerifier(loopProne ? LOOP_PRONE : "numeric").setSamples(2)
        .setPurpose(PromptPurpose.TRAIN).setDispatchedAtMillis(0).build();
    List<String> texts = loopProne ? List.of(ENDLESS, ECHO) : List.of(Integer.toString(i + 1), Integer.toString(i + 2));
    List<Completion> completions = new ArrayList<>();
    for (int k = 0; k < texts.size(); k++) {
      completions.add(Completion.newBuilder().setSampleIndex(k).setText(texts.get(k)).setTokenIds(List.of())
          .setTokenLogprobs(List.of()).setLogprob(0).setFinishReason(FinishReason.STOP).build());
    }
    return Rollout.newBuilder().setPrompt(prompt).setPolicyVersion(0).setSamplerId("restart-it")
        .setCompletions(completions).setSampledAtMillis(0).setSamplingMillis(0).build();
  }

  /** This run's scored rollouts committed so far, read from the start until {@code enough} or the timeout. */
  private static List<ScoredRollout> readCommitted(String bootstrap, String runId, Predicate<List<ScoredRollout>> enough,
      Duration timeout) {
    List<ScoredRollout> found = new ArrayList<>();
    try (KafkaConsumer<String, SpecificRecord> consumer = consumer(bootstrap, "read_committed")) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!enough.test(found) && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          ScoredRollout scored = (ScoredRollout) record.value();
          if (scored.getRollout().getPrompt().getRunId().equals(runId)) {
            found.add(scored);
          }
        }
      }
    }
    return found;
  }

  private static long readUncommittedCount(String bootstrap, String runId) {
    long count = 0;
    try (KafkaConsumer<String, SpecificRecord> consumer = consumer(bootstrap, "read_uncommitted")) {
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          if (((ScoredRollout) record.value()).getRollout().getPrompt().getRunId().equals(runId)) {
            count++;
          }
        }
      }
    }
    return count;
  }

  /** A group-less consumer of every scored-rollouts partition from the beginning. */
  private static KafkaConsumer<String, SpecificRecord> consumer(String bootstrap, String isolation) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new AvroDeserializer());
    List<TopicPartition> partitions = IntStream.range(0, Topic.SCORED_ROLLOUTS.partitions())
        .mapToObj(p -> new TopicPartition(Topic.SCORED_ROLLOUTS.topicName(), p)).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
