package dev.passk.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.passk.broker.BrokerProcess;
import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.policy.CheckpointArchive;
import dev.passk.policy.Policy;
import dev.passk.policy.Sequence;
import dev.passk.schemas.Completion;
import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.PolicyVersion;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import dev.passk.schemas.kafka.TopicSetup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sampler-service, each replica in its own JVM, on a broker in its own JVM (a fresh
 * broker per test): exactly one rollout per prompt with its ids and n completions, bad records
 * and a bad checkpoint explained in dead-letter.sampler and health, a policy swap mid-stream that
 * changes the version tag and the weights behind the samples, two replicas sharing the load, and a
 * starting sampler that reads back only as far as its run's newest announcement.
 */
class SamplerIT {

  static final List<String> SERVICE_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC",
      "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1");
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int N = 4;

  @TempDir Path workDir;
  private BrokerProcess broker;
  private final List<ServiceProcess> samplers = new ArrayList<>();

  @BeforeEach
  void startBroker() throws Exception {
    broker = startBroker(workDir);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (ServiceProcess sampler : samplers) {
      sampler.close();
    }
    broker.close();
  }

  @Test
  void everyPromptGivesExactlyOneRolloutAndBadRecordsAndABadCheckpointAreExplained() throws Exception {
    String runId = "run-exact";
    ServiceProcess sampler = startSampler("sampler", "g-exact", runId, Map.of());
    List<Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      prompts.add(prompt(runId, "p-" + i, i % 3, 0, (i + 10) + "+" + i + "="));
    }
    send(prompts.subList(0, 6));
    byte[] poison = "this is not an Avro Prompt".getBytes(StandardCharsets.UTF_8);
    sendRaw(Topic.PROMPTS.topicName(), "poison", poison);
    send(List.of(Prompt.newBuilder(prompts.get(0)).setPromptId("unknown-task").setTask("no-such-task").build()));
    send(prompts.subList(6, 12));

    List<Rollout> rollouts = awaitExactly(Topic.ROLLOUTS.topicName(),
        (Rollout r) -> r.getPrompt().getRunId().equals(runId), prompts.size());
    Map<String, Rollout> byId = rollouts.stream().collect(Collectors.toMap(r -> r.getPrompt().getPromptId(), r -> r));
    assertEquals(prompts.size(), byId.size(), "one rollout per prompt, no duplicates");
    for (Prompt p : prompts) {
      Rollout r = byId.get(p.getPromptId());
      assertEquals(p, r.getPrompt(), "the prompt travels verbatim (runId, promptId, attempt)");
      assertEquals(0, r.getPolicyVersion());
      assertEquals(N, r.getCompletions().size());
      for (int i = 0; i < N; i++) {
        Completion c = r.getCompletions().get(i);
        assertEquals(i, c.getSampleIndex());
        assertEquals(c.getTokenIds().size(), c.getTokenLogprobs().size());
        assertEquals(c.getTokenLogprobs().stream().mapToDouble(Float::doubleValue).sum(), c.getLogprob(), 1e-4);
      }
    }

    List<DeadLetter> rejected = awaitExactly(Topic.DEAD_LETTER_SAMPLER.topicName(),
        (DeadLetter d) -> d.getSourceTopic().equals(Topic.PROMPTS.topicName()), 2);
    DeadLetter undecodable = find(rejected, "undecodable record");
    assertArrayEquals(poison, bytes(undecodable.getValue()), "the raw value is kept for repair and replay");
    assertArrayEquals("poison".getBytes(StandardCharsets.UTF_8), bytes(undecodable.getKey()));
    assertTrue(undecodable.getErrorClass().contains("SerializationException"), undecodable.getErrorClass());
    find(rejected, "unknown task 'no-such-task'");

    Path checkpoint = workDir.resolve("v1");
    try (Policy other = Policy.tiny(7, Device.cpu())) {
      other.save(checkpoint);
    }
    announce(runId, 1, "0".repeat(64), checkpoint);
    DeadLetter refused = awaitExactly(Topic.DEAD_LETTER_SAMPLER.topicName(),
        (DeadLetter d) -> d.getSourceTopic().equals(Topic.POLICY_VERSIONS.topicName()), 1).get(0);
    assertTrue(refused.getReason().contains("sha256") && refused.getReason().contains("still serving version 0"),
        refused.getReason());
    HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(sampler.baseUrl() + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), "still UP: the last good version keeps serving");
    assertTrue(health.body().contains("lastRejection") && health.body().contains("sha256"), health.body());

    send(List.of(prompt(runId, "after-refusal", 0, 0, "5+5=")));
    Rollout after = awaitExactly(Topic.ROLLOUTS.topicName(),
        (Rollout r) -> r.getPrompt().getPromptId().equals("after-refusal"), 1).get(0);
    assertEquals(0, after.getPolicyVersion());

    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(sampler.baseUrl() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    for (String name : List.of("passk_sampler_tokens_total", "passk_sampler_prompts_total 13.0",
        "passk_sampler_micro_batch_seconds_count", "passk_sampler_poll_seconds_count", "passk_sampler_policy_version 0.0",
        "passk_sampler_policy_rejections_total 1.0", "passk_sampler_dead_letters_total{source=\"prompts\"} 2.0",
        "passk_sampler_last_poll_tokens_per_second", "kafka_consumer_fetch_manager_records_lag_max")) {
      assertTrue(metrics.contains(name), "metric " + name + " at /q/metrics");
    }
  }

  @Test
  void aPolicySwapMidStreamChangesTheVersionTagAndTheWeightsBehindTheSamples() throws Exception {
    String runId = "run-swap";
    startSampler("sampler", "g-swap", runId, Map.of("PASSK_SAMPLER_SEED", "0"));
    List<Prompt> before = prompts(runId, "a-", 8, 0);
    send(before);
    awaitExactly(Topic.ROLLOUTS.topicName(), (Rollout r) -> r.getPrompt().getPromptId().startsWith("a-"), 8);

    Path checkpoint = workDir.resolve("v1");
    try (Policy next = Policy.tiny(99, Device.cpu())) {
      next.save(checkpoint);
    }
    announce(runId, 1, CheckpointArchive.sha256(checkpoint), checkpoint);
    List<Prompt> needV1 = prompts(runId, "b-", 8, 1);
    send(needV1);
    List<Rollout> rollouts = awaitExactly(Topic.ROLLOUTS.topicName(),
        (Rollout r) -> r.getPrompt().getRunId().equals(runId), 16);

    try (Policy v0 = Policy.tiny(0, Device.cpu()); Policy v1 = Policy.load(checkpoint, Device.cpu())) {
      for (Rollout r : rollouts) {
        boolean first = r.getPrompt().getPromptId().startsWith("a-");
        assertEquals(first ? 0 : 1, r.getPolicyVersion(), r.getPrompt().getPromptId());
        assertEquals(0, maxLogprobGap(first ? v0 : v1, r), 1e-4, "scored by the tagged version");
        assertTrue(maxLogprobGap(first ? v1 : v0, r) > 1e-3, "the other version's weights differ");
      }
    }
  }

  /**
   * A long run announces thousands of versions: a starting sampler reads back from the end only as
   * far as it needs. Here one followed run's 40 announcements come after another run's two, and one
   * replica follows each: the first reads the last 16 and loads version 39; the second finds none of
   * its run there, reads four times as far back (the whole log of 42) and loads that run's version 2.
   */
  @Test
  void aStartingSamplerReadsBackOnlyAsFarAsItsRunsNewestAnnouncement() throws Exception {
    Path checkpoint = workDir.resolve("weights");
    try (Policy policy = Policy.tiny(5, Device.cpu())) {
      policy.save(checkpoint);
    }
    String sha256 = CheckpointArchive.sha256(checkpoint);
    for (long version = 1; version <= 2; version++) {
      announce("run-early", version, sha256, checkpoint);
    }
    for (long version = 0; version < 40; version++) {
      announce("run-long", version, sha256, checkpoint);
    }
    ServiceProcess tail = launchSampler(broker.bootstrapServers(), workDir.resolve("logs"), "sampler-tail",
        "g-tail", "run-long", Map.of());
    samplers.add(tail);
    ServiceProcess early = launchSampler(broker.bootstrapServers(), workDir.resolve("logs"), "sampler-early",
        "g-early", "run-early", Map.of());
    samplers.add(early);
    awaitReady(tail);
    awaitReady(early);

    awaitMetric(tail, "passk_sampler_policy_version 39.0");
    assertTrue(java.nio.file.Files.readString(tail.log()).contains(
        "read the last 16 policy announcements present at start; loading version 39 of run run-long"), tail.log().toString());
    awaitMetric(early, "passk_sampler_policy_version 2.0");
    assertTrue(java.nio.file.Files.readString(early.log()).contains(
        "read the last 42 policy announcements present at start (all of them); loading version 2 of run run-early"),
        early.log().toString());
  }

  /** Waits until the service's /q/metrics has {@code sample} (name, labels and value). */
  private static void awaitMetric(ServiceProcess service, String sample) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String metrics = "";
    while (System.nanoTime() < deadline) {
      metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      if (metrics.lines().anyMatch(sample::equals)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(service.name() + " never reported " + sample + "; its passk_sampler_policy samples: "
        + metrics.lines().filter(l -> l.startsWith("passk_sampler_policy")).toList());
  }

  @Test
  void twoReplicasInOneGroupSplitThePrompts() throws Exception {
    String runId = "run-split";
    String group = "g-split";
    ServiceProcess first = launchSampler(broker.bootstrapServers(), workDir.resolve("logs"), "sampler-1", group,
        runId, Map.of());
    samplers.add(first);
    ServiceProcess second = launchSampler(broker.bootstrapServers(), workDir.resolve("logs"), "sampler-2", group,
        runId, Map.of());
    samplers.add(second);
    awaitReady(first);
    awaitReady(second);
    awaitMembersWithPartitions(group, 2);
    List<Prompt> prompts = prompts(runId, "s-", 48, 0);
    send(prompts);
    List<Rollout> rollouts = awaitExactly(Topic.ROLLOUTS.topicName(),
        (Rollout r) -> r.getPrompt().getRunId().equals(runId), prompts.size());
    assertEquals(prompts.size(), rollouts.stream().map(r -> r.getPrompt().getPromptId()).distinct().count());
    Map<String, Long> perReplica = rollouts.stream().collect(
        Collectors.groupingBy(Rollout::getSamplerId, Collectors.counting()));
    System.out.println("rollouts per sampler replica: " + perReplica);
    assertEquals(2, perReplica.size(), "both replicas produced rollouts: " + perReplica);
  }

  // ---- fixtures shared with SamplerBenchmark ----

  static BrokerProcess startBroker(Path workDir) throws Exception {
    long t0 = System.nanoTime();
    BrokerProcess broker = BrokerProcess.start(workDir.resolve("broker"), System.getProperty("java.class.path"),
        List.of("-Xmx512m", "-XX:+UseSerialGC"), Duration.ofSeconds(120), line -> { });
    TopicSetup.ensureTopics(broker.bootstrapServers());
    System.out.printf("broker ready with topics in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return broker;
  }

  /** Starts a packaged sampler replica in its own JVM and waits until it is ready. */
  static ServiceProcess startSampler(String bootstrap, Path logDir, String name, String group, String runId,
      Map<String, String> settings) throws Exception {
    ServiceProcess sampler = launchSampler(bootstrap, logDir, name, group, runId, settings);
    awaitReady(sampler);
    return sampler;
  }

  /** Starts a packaged sampler replica in its own JVM without waiting for it. */
  static ServiceProcess launchSampler(String bootstrap, Path logDir, String name, String group, String runId,
      Map<String, String> settings) throws Exception {
    Map<String, String> env = new HashMap<>(settings);
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("DJL_CACHE_DIR", PasskHome.root().resolve("target/djl-cache").toString());
    env.put("DJL_OFFLINE", "true");
    env.put("MP_MESSAGING_INCOMING_PROMPTS_GROUP_ID", group);
    env.put("PASSK_SAMPLER_RUN_ID", runId);
    env.put("PASSK_SAMPLER_CHECKPOINT_WORK_DIR", logDir.resolve(name + "-checkpoints").toString());
    return ServiceProcess.start(name, PasskHome.root().resolve("sampler-service/target/quarkus-app"),
        env, SERVICE_JVM, EmbeddedKafkaBroker.freePort(), logDir);
  }

  /** Waits until a launched replica is ready; stops it if it never is. */
  static void awaitReady(ServiceProcess sampler) throws Exception {
    long t0 = System.nanoTime();
    try {
      sampler.awaitReady(Duration.ofSeconds(120));
      System.out.printf("%s ready after %.1f s more (log %s)%n", sampler.name(), (System.nanoTime() - t0) / 1e9,
          sampler.log());
    } catch (Exception e) {
      sampler.close();
      throw e;
    }
  }

  static Prompt prompt(String runId, String promptId, int attempt, long minPolicyVersion, String text) {
    return Prompt.newBuilder().setRunId(runId).setPromptId(promptId).setAttempt(attempt).setTask("addition")
        .setText(text).setReferenceAnswer("0").setVerifier("numeric").setSamples(N)
        .setMinPolicyVersion(minPolicyVersion).setPurpose(PromptPurpose.TRAIN)
        .setDispatchedAtMillis(System.currentTimeMillis()).build();
  }

  /** Waits until {@code group} has {@code members} members, each assigned partitions. */
  static void awaitMembersWithPartitions(String bootstrap, String group, int members) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
            .get(10, TimeUnit.SECONDS).get(group);
        if (d.members().size() == members
            && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
          return;
        }
        Thread.sleep(250);
      }
      throw new AssertionError("group " + group + " never had " + members + " members with partitions");
    }
  }

  private ServiceProcess startSampler(String name, String group, String runId, Map<String, String> settings)
      throws Exception {
    ServiceProcess sampler = startSampler(broker.bootstrapServers(), workDir.resolve("logs"), name, group, runId,
        settings);
    samplers.add(sampler);
    return sampler;
  }

  private void awaitMembersWithPartitions(String group, int members) throws Exception {
    awaitMembersWithPartitions(broker.bootstrapServers(), group, members);
  }

  private static List<Prompt> prompts(String runId, String prefix, int count, long minPolicyVersion) {
    List<Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      prompts.add(prompt(runId, prefix + i, 0, minPolicyVersion, (i % 90 + 10) + "+" + (i % 7) + "="));
    }
    return prompts;
  }

  private void send(List<Prompt> prompts) {
    Map<String, Prompt> byKey = new LinkedHashMap<>();
    prompts.forEach(p -> byKey.put(p.getPromptId(), p));
    TopicProbe.send(broker.bootstrapServers(), Topic.PROMPTS.topicName(), byKey);
  }

  private void sendRaw(String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
    }
  }

  private void announce(String runId, long version, String sha256, Path checkpoint) throws Exception {
    PolicyVersion announcement = PolicyVersion.newBuilder().setRunId(runId).setVersion(version)
        .setCheckpointUri(checkpoint.toUri().toString()).setSha256(sha256)
        .setInlineCheckpoint(ByteBuffer.wrap(CheckpointArchive.zip(checkpoint)))
        .setCreatedAtMillis(System.currentTimeMillis()).build();
    TopicProbe.send(broker.bootstrapServers(), Topic.POLICY_VERSIONS.topicName(), Map.of(runId, announcement));
  }

  /** The {@code count} matching records, after checking for 3 s more that no further one arrives. */
  private <T extends org.apache.avro.specific.SpecificRecord> List<T> awaitExactly(String topic,
      java.util.function.Predicate<T> filter, int count) {
    List<T> found = TopicProbe.await(broker.bootstrapServers(), topic, filter, count, WAIT);
    assertEquals(count, found.size(), "records on " + topic + " within " + WAIT);
    List<T> more = TopicProbe.await(broker.bootstrapServers(), topic, filter, count + 1, Duration.ofSeconds(3));
    assertEquals(count, more.size(), "no extra record on " + topic);
    return found;
  }

  /** Largest |logprob(service) - logprob(policy)| over every token of every completion of {@code r}. */
  private static double maxLogprobGap(Policy policy, Rollout r) {
    long[] promptIds = policy.tokenizer().encodePrompt(r.getPrompt().getText());
    double gap = 0;
    for (Completion c : r.getCompletions()) {
      long[] ids = c.getTokenIds().stream().mapToLong(Integer::longValue).toArray();
      double[] expected = policy.logprobs(List.of(new Sequence(promptIds, ids))).get(0).tokenLogprobs();
      for (int t = 0; t < ids.length; t++) {
        gap = Math.max(gap, Math.abs(expected[t] - c.getTokenLogprobs().get(t)));
      }
    }
    return gap;
  }

  private static DeadLetter find(List<DeadLetter> letters, String reasonStart) {
    return letters.stream().filter(d -> d.getReason().startsWith(reasonStart)).findFirst()
        .orElseThrow(() -> new AssertionError("no dead letter starting '" + reasonStart + "' in " + letters));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
