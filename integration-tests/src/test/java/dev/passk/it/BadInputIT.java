package dev.passk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.LocalPipeline;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.it.badinput.BadInput;
import dev.passk.it.badinput.BadInputs;
import dev.passk.it.badinput.Expectation;
import dev.passk.it.badinput.RawTopics;
import dev.passk.it.badinput.SilentHttpServer;
import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.PolicyVersion;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.Score;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.VerificationStatus;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Bad input on every topic during a learner run: poison bytes, records of an unknown or of another
 * passk schema, oversized prompts and records, prompts and rollouts naming unknown tasks and
 * verifiers, verifiers that hang, scored groups the learner never asked for, and a checkpoint
 * announced with a wrong hash. Each ends where the design says (a dead-letter topic with a reason
 * naming the problem, a TIMEOUT score within the verifier's time limit, a refusal the learner's
 * ledger counts, the broker's refusal, the sampler's health), no good record is dead-lettered, every
 * service stays up, and the run completes every step with 0 lost and 0 double-counted.
 *
 * <p>The pipeline's verifier-service is started again with one extra verifier, {@code hang}: an
 * {@code http} verifier pointed at a loopback socket that never answers, bounded by a
 * {@value #HANG_LIMIT_SECONDS} s time limit. Ends with a table of every bad input and its outcome.
 */
class BadInputIT {

  private static final int STEPS = 24;
  private static final int BATCH = 2;
  private static final int CHECKPOINT_INTERVAL = 2;
  /** Bad input is sent once the run has done this many steps. */
  private static final int INJECT_AT_STEP = 2;
  private static final String HANGING_VERIFIER = "hang";
  private static final long HANG_LIMIT_SECONDS = 3;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

  private final PrintStream progress = new PrintStream(System.out, true);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void badInputOnEveryTopicIsDeadLetteredOrRefusedAndTheRunLosesNothing() throws Exception {
    String runId = "bad-input-" + System.nanoTime();
    Path workDir = PasskHome.root().resolve("integration-tests/target/bad-input-it").resolve(runId);
    Map<String, String> runEnv = Map.ofEntries(
        Map.entry("PASSK_RUN_ID", runId), Map.entry("PASSK_RUN_TASK", "addition"),
        Map.entry("PASSK_RUN_STEPS", Integer.toString(STEPS)),
        Map.entry("PASSK_RUN_BATCH_PROMPTS", Integer.toString(BATCH)),
        Map.entry("PASSK_RUN_SAMPLES", "3"), Map.entry("PASSK_RUN_K", "2"),
        Map.entry("PASSK_RUN_CHECKPOINT_INTERVAL", Integer.toString(CHECKPOINT_INTERVAL)),
        Map.entry("PASSK_RUN_MAX_STALENESS", "1000"), Map.entry("PASSK_RUN_REDISPATCH_TIMEOUT", "20s"),
        Map.entry("PASSK_RUN_STATE_DIR", workDir.resolve("learner-state").toString()));
    // No run yet: the learner starts after the verifier is replaced by one that has the hanging verifier.
    LocalPipeline.Options options = new LocalPipeline.Options(PasskHome.root(), workDir, Optional.empty(),
        PasskHome.root().resolve("target/djl-cache"), Map.of());
    long t0 = System.nanoTime();
    try (SilentHttpServer silent = SilentHttpServer.start();
        LocalPipeline pipeline = LocalPipeline.start(options, progress)) {
      String bootstrap = pipeline.bootstrapServers();
      pipeline.stop(pipeline.service("verifier-service"));
      try (ServiceProcess verifier = startVerifierWithHang(bootstrap, silent.url(), workDir)) {
        ServiceProcess learner = pipeline.startLearner(runEnv, EmbeddedKafkaBroker.freePort(), progress);
        awaitLedger(learner, l -> l.get("step").asLong() >= INJECT_AT_STEP, Duration.ofMinutes(3));

        List<BadInput> inputs = BadInputs.all(runId, anAnnouncement(bootstrap, runId), HANGING_VERIFIER,
            HANG_LIMIT_SECONDS);
        Map<String, RawTopics.Sent> sent = RawTopics.send(bootstrap, inputs);
        progress.printf("bad input: %d records sent at step %d%n", inputs.size(),
            LedgerAudit.ledger(learner).map(l -> l.get("step").asLong()).orElse(-1L));

        JsonNode ledger = awaitLedger(learner, l -> l.get("phase").asText().equals("COMPLETE"), RUN_TIMEOUT);
        List<String> failures = new ArrayList<>();
        Map<String, Set<String>> expectedLetters = expectedDeadLetterKeys(inputs);
        Map<String, List<DeadLetter>> letters = awaitDeadLetters(bootstrap, expectedLetters);
        Map<String, ScoredRollout> scored = scoredByKey(bootstrap, sent.keySet());
        Optional<String> lastRejection = samplerLastRejection(pipeline.service("sampler-service"));
        List<String[]> table = new ArrayList<>();
        for (BadInput input : inputs.stream().sorted(Comparator.comparing(BadInput::topic)).toList()) {
          table.add(new String[] {input.what(), input.topic().topicName(),
              outcome(sent.get(input.key()), letters, scored, lastRejection, ledger, failures)});
        }

        Set<String> injected = sent.keySet();
        letters.forEach((topic, all) -> all.stream().filter(d -> !expectedLetters.get(topic).contains(key(d)))
            .forEach(d -> failures.add((injected.contains(key(d)) ? "bad input " + key(d) + " unexpectedly"
                : "a good record (key " + key(d) + ") was") + " dead-lettered on " + topic + ": " + d.getReason())));
        for (ServiceProcess service : List.of(pipeline.service("sampler-service"), verifier, learner)) {
          liveness(service).ifPresent(down -> failures.add(service.name() + " is not live: " + down));
        }
        long strays = inputs.stream().filter(BadInput::reachesLearnerAsStray).count();
        if (ledger.get("notInFlight").asLong() < strays) {
          failures.add("the learner refused " + ledger.get("notInFlight").asLong() + " groups as not in flight; "
              + strays + " bad inputs reach it as such");
        }

        LedgerAudit audit = LedgerAudit.of(bootstrap, runId, ledger, dispatched(bootstrap, runId, injected));
        printTable(table);
        progress.println(audit.summary());
        progress.printf("bad input summary: %d bad inputs, dead letters %s, learner refused %d groups not in flight, "
                + "hanging http verifier got %d connections, %d failures; wall %.0f s%n", inputs.size(),
            letters.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size(), Integer::sum,
                TreeMap::new)),
            ledger.get("notInFlight").asLong(), silent.connections(),
            failures.size(), (System.nanoTime() - t0) / 1e9);

        assertEquals(List.of(), failures, "every bad input ends where the design says");
        assertEquals(STEPS, ledger.get("step").asLong());
        assertEquals(LongStream.rangeClosed(1, STEPS).boxed().toList(), List.copyOf(audit.lineage().keySet()),
            "every step published");
        assertEquals(STEPS * BATCH, audit.trained().size(), "B groups trained per step");
        assertEquals(Set.of(), audit.trained().stream().filter(injected::contains).collect(Collectors.toSet()),
            "no bad input trained");
        assertEquals(0, audit.doubleCounted(), "no group trained twice");
        assertEquals(Set.of(), audit.lost(), "every dispatched prompt is trained or still in flight");
        assertEquals(Set.of(), audit.beyondNextIndex(), "no prompt beyond the ledger's index");
        assertEquals(audit.nextPromptIndex(), audit.trained().size() + audit.inFlight().size(),
            "indices 0..next-1 are each trained or out");
      }
    }
  }

  /** The packaged verifier-service with one more verifier, {@code hang}, whose server never answers. */
  private ServiceProcess startVerifierWithHang(String bootstrap, String silentUrl, Path workDir)
      throws IOException, InterruptedException {
    String hang = "-Dpassk.verifier.options." + HANGING_VERIFIER + ".";
    ServiceProcess verifier = ServiceProcess.start("verifier-service-with-hang",
        PasskHome.root().resolve("verifier-service/target/quarkus-app"), Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap),
        List.of("-Xmx512m", "-XX:+UseSerialGC", hang + "type=http", hang + "url=" + silentUrl,
            // The client would wait 10 min and never retry: what bounds the call is the catalog's time limit.
            hang + "timeout-ms=600000", hang + "retries=0", hang + "time-limit-ms=" + HANG_LIMIT_SECONDS * 1000),
        EmbeddedKafkaBroker.freePort(), workDir.resolve("logs"));
    try {
      verifier.awaitReady(Duration.ofMinutes(4));
    } catch (IOException | RuntimeException e) {
      verifier.kill();
      throw e;
    }
    progress.printf("verifier-service with the '%s' verifier (%s) ready at %s (pid %d)%n", HANGING_VERIFIER,
        silentUrl, verifier.baseUrl(), verifier.pid());
    return verifier;
  }

  /** What became of one bad input, for the table; a departure from its expectation is added to {@code failures}. */
  private String outcome(RawTopics.Sent sent, Map<String, List<DeadLetter>> letters, Map<String, ScoredRollout> scored,
      Optional<String> lastRejection, JsonNode ledger, List<String> failures) {
    BadInput input = sent.input();
    Expectation expected = input.expected();
    if (sent.refusal().isPresent() && !(expected instanceof Expectation.RefusedByBroker)) {
      failures.add(input.what() + " on " + input.topic().topicName() + ": the broker refused it: " + sent.refusal().get());
      return "refused by the broker: " + sent.refusal().get();
    }
    if (expected instanceof Expectation.DeadLettered d) {
      return deadLettered(sent, d.deadLetters(), d.reasonPart(), d.kept(), letters, failures);
    }
    if (expected instanceof Expectation.RefusedCheckpoint c) {
      String letter = deadLettered(sent, Topic.DEAD_LETTER_SAMPLER, c.reasonPart(), Expectation.Kept.SENT_VALUE,
          letters, failures);
      if (lastRejection.isEmpty() || !lastRejection.get().contains(c.reasonPart())) {
        failures.add(input.what() + ": the sampler's readiness check does not report it: lastRejection " + lastRejection);
      }
      return letter + "; sampler readiness UP (last good version served), lastRejection says so";
    }
    if (expected instanceof Expectation.RefusedByBroker r) {
      if (sent.refusal().isEmpty() || !r.error().isInstance(sent.refusal().get())) {
        failures.add(input.what() + ": expected the broker to refuse it with " + r.error().getSimpleName() + ", got "
            + sent.refusal().map(String::valueOf).orElse("an acknowledgement"));
        return "accepted by the broker";
      }
      return "refused at produce: " + sent.refusal().get().getClass().getSimpleName() + " ("
          + excerpt(sent.refusal().get().getMessage(), "larger than", 70) + ")";
    }
    ledger.get("trained").forEach(id -> {
      if (id.asText().equals(input.key())) {
        failures.add(input.what() + ": the learner trained it");
      }
    });
    if (expected instanceof Expectation.TimedOut t) {
      return timedOut(sent, t, scored.get(input.key()), failures);
    }
    return "refused by the learner: not in flight (ledger notInFlight " + ledger.get("notInFlight").asLong()
        + "), not trained, no dead letter";
  }

  private String deadLettered(RawTopics.Sent sent, Topic topic, String reasonPart, Expectation.Kept kept,
      Map<String, List<DeadLetter>> letters, List<String> failures) {
    BadInput input = sent.input();
    List<DeadLetter> mine = letters.get(topic.topicName()).stream().filter(d -> key(d).equals(input.key())).toList();
    if (mine.isEmpty()) {
      failures.add(input.what() + " on " + input.topic().topicName() + ": no dead letter on " + topic.topicName());
      return "NOT dead-lettered on " + topic.topicName();
    }
    for (DeadLetter d : mine) {
      if (!d.getReason().contains(reasonPart)) {
        failures.add(input.what() + ": dead letter reason '" + d.getReason() + "' does not say '" + reasonPart + "'");
      }
      switch (kept) {
        case SENT_VALUE -> {
          if (d.getValue() == null || !Arrays.equals(bytes(d.getValue()), input.value())
              || d.getSourcePartition() != sent.partition() || d.getSourceOffset() != sent.offset()) {
            failures.add(input.what() + ": the dead letter does not keep the sent record (" + d.getSourceTopic() + "-"
                + d.getSourcePartition() + "@" + d.getSourceOffset() + ")");
          }
        }
        case NO_VALUE -> {
          if (d.getValue() != null) {
            failures.add(input.what() + ": the dead letter keeps a value of " + d.getValue().remaining() + " bytes");
          }
        }
        case DERIVED_RECORD -> { }
      }
    }
    String copies = mine.size() == 1 ? "" : " (" + mine.size() + " copies)";
    return topic.topicName() + copies + ": " + excerpt(mine.get(0).getReason(), reasonPart, 110);
  }

  private String timedOut(RawTopics.Sent sent, Expectation.TimedOut expected, ScoredRollout scored, List<String> failures) {
    BadInput input = sent.input();
    if (scored == null) {
      failures.add(input.what() + ": no scored rollout on " + Topic.SCORED_ROLLOUTS.topicName());
      return "NOT scored";
    }
    List<Score> scores = scored.getScores();
    double seconds = (scored.getScoredAtMillis() - sent.sentAtMillis()) / 1000.0;
    if (scores.isEmpty() || !scores.stream().allMatch(s -> s.getStatus() == VerificationStatus.TIMEOUT
        && s.getReward() == 0.0 && expected.detailParts().stream().anyMatch(s.getDetail()::contains))) {
      failures.add(input.what() + ": expected every score TIMEOUT saying one of " + expected.detailParts() + ", got "
          + scores);
    }
    if (seconds > expected.boundSeconds()) {
      failures.add(input.what() + ": scored " + seconds + " s after it was sent, over the bound of "
          + expected.boundSeconds() + " s");
    }
    return String.format("scored %d x TIMEOUT %.1f s after sent: %s; learner: not in flight", scores.size(), seconds,
        excerpt(scores.get(0).getDetail(), "", 70));
  }

  /** A policy announcement of the run, its first (read before any bad record is on the topic). */
  private static PolicyVersion anAnnouncement(String bootstrap, String runId) {
    return TopicProbe.await(bootstrap, Topic.POLICY_VERSIONS.topicName(), (PolicyVersion v) -> v.getRunId().equals(runId),
            1, Duration.ofSeconds(30)).stream().findFirst()
        .orElseThrow(() -> new AssertionError("the learner of run " + runId + " announced no policy version"));
  }

  /** Keys of the bad inputs expected on each dead-letter topic (every one present, possibly empty). */
  private static Map<String, Set<String>> expectedDeadLetterKeys(List<BadInput> inputs) {
    Map<String, Set<String>> expected = new HashMap<>();
    for (Topic topic : List.of(Topic.DEAD_LETTER_SAMPLER, Topic.DEAD_LETTER_VERIFIER, Topic.DEAD_LETTER_LEARNER)) {
      expected.put(topic.topicName(), new HashSet<>());
    }
    for (BadInput input : inputs) {
      Optional<Topic> topic = input.expected() instanceof Expectation.DeadLettered d ? Optional.of(d.deadLetters())
          : input.expected() instanceof Expectation.RefusedCheckpoint ? Optional.of(Topic.DEAD_LETTER_SAMPLER)
          : Optional.empty();
      topic.ifPresent(t -> expected.get(t.topicName()).add(input.key()));
    }
    return expected;
  }

  /** Dead letters by topic, read until each topic has those of {@code expectedKeys} (or 60 s passed). */
  private static Map<String, List<DeadLetter>> awaitDeadLetters(String bootstrap, Map<String, Set<String>> expectedKeys) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Map<String, List<DeadLetter>> letters = new HashMap<>();
      for (String topic : expectedKeys.keySet()) {
        letters.put(topic, TopicProbe.await(bootstrap, topic, (DeadLetter d) -> true, Integer.MAX_VALUE,
            Duration.ofSeconds(2)));
      }
      boolean all = expectedKeys.entrySet().stream().allMatch(e -> letters.get(e.getKey()).stream()
          .map(BadInputIT::key).collect(Collectors.toSet()).containsAll(e.getValue()));
      if (all || System.nanoTime() > deadline) {
        return letters;
      }
    }
  }

  /** Scored rollouts of the bad inputs, by key (the topic also holds bad records: read raw). */
  private static Map<String, ScoredRollout> scoredByKey(String bootstrap, Set<String> keys) {
    Map<String, ScoredRollout> scored = new HashMap<>();
    for (var r : RawTopics.read(bootstrap, Topic.SCORED_ROLLOUTS)) {
      if (keys.contains(r.key()) && RawTopics.decode(Topic.SCORED_ROLLOUTS, r.value()).orElse(null) instanceof ScoredRollout s
          && !s.getVerifierId().equals("bad-input-it")) {
        scored.put(r.key(), s);
      }
    }
    return scored;
  }

  /** Prompts the learner of the run dispatched (the topic also holds bad records: read raw). */
  private static Set<String> dispatched(String bootstrap, String runId, Set<String> injected) {
    return RawTopics.read(bootstrap, Topic.PROMPTS).stream().filter(r -> !injected.contains(r.key()))
        .map(r -> RawTopics.decode(Topic.PROMPTS, r.value()).orElseThrow(
            () -> new AssertionError("a record on prompts that no bad input sent is not a passk record: key " + r.key())))
        .filter(v -> v instanceof Prompt p && p.getRunId().equals(runId))
        .map(v -> ((Prompt) v).getPromptId()).collect(Collectors.toSet());
  }

  /** The {@code lastRejection} of the sampler's readiness check, if it reports one. */
  private Optional<String> samplerLastRejection(ServiceProcess sampler) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sampler.baseUrl() + "/q/health/ready"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    for (JsonNode check : json.readTree(response.body()).path("checks")) {
      if (check.path("name").asText().equals("sampler-policy") && check.path("status").asText().equals("UP")
          && check.path("data").has("lastRejection")) {
        return Optional.of(check.path("data").path("lastRejection").asText());
      }
    }
    return Optional.empty();
  }

  /** Why the service is not live, or empty when its JVM runs and {@code /q/health/live} answers 200. */
  private Optional<String> liveness(ServiceProcess service) throws InterruptedException {
    if (!service.isAlive()) {
      return Optional.of("JVM exited with code " + service.exitCode());
    }
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/live"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.empty() : Optional.of("liveness " + response.body());
    } catch (IOException e) {
      return Optional.of("liveness does not answer: " + e);
    }
  }

  /** Polls the learner's ledger until it satisfies {@code until}. */
  private static JsonNode awaitLedger(ServiceProcess learner, Predicate<JsonNode> until, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<JsonNode> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      last = LedgerAudit.ledger(learner);
      if (last.isPresent() && until.test(last.get())) {
        return last.get();
      }
      if (!learner.isAlive()) {
        throw new AssertionError("the learner exited with code " + learner.exitCode() + "; see " + learner.log());
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the learner's ledger did not get there within " + timeout + "; last " + last.orElse(null));
  }

  private void printTable(List<String[]> rows) {
    int what = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
    int topic = rows.stream().mapToInt(r -> r[1].length()).max().orElse(10);
    String format = "| %-" + what + "s | %-" + topic + "s | %s |%n";
    progress.printf(format, "bad input", "topic", "outcome");
    progress.printf(format, "-".repeat(what), "-".repeat(topic), "-------");
    rows.forEach(r -> progress.printf(format, (Object[]) r));
  }

  /** Up to {@code width} characters of {@code text} around {@code part}. */
  private static String excerpt(String text, String part, int width) {
    String flat = text.replaceAll("\\s+", " ");
    if (flat.length() <= width) {
      return flat;
    }
    int at = Math.max(0, flat.indexOf(part));
    int from = Math.max(0, Math.min(at - (width - part.length()) / 2, flat.length() - width));
    return (from > 0 ? "..." : "") + flat.substring(from, Math.min(flat.length(), from + width))
        + (from + width < flat.length() ? "..." : "");
  }

  private static String key(DeadLetter letter) {
    return letter.getKey() == null ? "(no key)" : StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
