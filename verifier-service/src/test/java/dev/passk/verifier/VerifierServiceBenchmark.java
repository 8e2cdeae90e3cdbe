package dev.passk.verifier;

import dev.passk.broker.TestKafka;
import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicSetup;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import dev.passk.verifiers.VerifierResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Throughput of the verifiers and of the service (a main, not a test):
 * <ol>
 *   <li>math-answer on one thread, short answers;</li>
 *   <li>program execution (python, one test case), sequential and 2 at once;</li>
 *   <li>the exactly-once scoring loop through Kafka (broker in this JVM) with 1 and then 2 replicas,
 *       each replica scoring the same rollouts in its own consumer group; the rate is taken between
 *       10% and 90% of the rollouts committed, so group joins and warm-up are left out.</li>
 * </ol>
 * {@code ./mvnw -q -o -pl verifier-service test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.passk.verifier.VerifierServiceBenchmark [-Dexec.args=ROLLOUTS]}
 */
public final class VerifierServiceBenchmark {

  private static final int COMPLETIONS_PER_ROLLOUT = 8;
  private static final List<VerificationRequest> SHORT_ANSWERS = List.of(
      VerificationRequest.of("\\frac{1}{2}", "So the probability is $\\boxed{\\dfrac{1}{2}}$."),
      VerificationRequest.of("72", "She sold 48 + 24 = 72 clips.\n#### 72"),
      VerificationRequest.of("18", "The answer is 18."),
      VerificationRequest.of("1000", "Total: 1,000 dollars"),
      VerificationRequest.of("7", "\\boxed{8}"),
      VerificationRequest.of("-3", "x = -3"));

  private VerifierServiceBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int rollouts = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    System.out.println("cores available: " + Runtime.getRuntime().availableProcessors());
    VerifierRegistry registry = VerifierRegistry.load();

    Verifier math = registry.create("math-answer", Map.of());
    sequentialRate(math, SHORT_ANSWERS, Duration.ofSeconds(2));
    System.out.printf("math-answer, 1 thread, short answers: %,.0f verifications/s%n",
        sequentialRate(math, SHORT_ANSWERS, Duration.ofSeconds(3)));

    Verifier program = registry.create("program", Map.of());
    VerificationRequest sum = VerificationRequest.of("[{\"input\": \"1 2\", \"output\": \"3\"}]",
        "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n");
    System.out.printf("program (python, 1 test), sequential: %,.1f verifications/s%n",
        sequentialRate(program, List.of(sum), Duration.ofSeconds(4)));
    try (BoundedVerifier two = new BoundedVerifier("program", program, BoundedVerifier.Limits.of(Duration.ofSeconds(10), 2))) {
      long start = System.nanoTime();
      List<CompletableFuture<VerifierResult>> runs = IntStream.range(0, 60).mapToObj(i -> two.verifyAsync(sum)).toList();
      runs.forEach(f -> check(f.join()));
      System.out.printf("program (python, 1 test), 2 at once: %,.1f verifications/s%n", 60 / seconds(start));
    }

    String bootstrap = TestKafka.bootstrapServers();
    TopicSetup.ensureTopics(bootstrap);
    produce(bootstrap, rollouts);
    System.out.printf("service, %d rollouts x %d math-answer completions, broker in this JVM:%n", rollouts, COMPLETIONS_PER_ROLLOUT);
    // Alternating, so warm-up and a neighbour's load do not all fall on one side of the comparison.
    int[][] passes = {{1, 32}, {2, 32}, {1, 32}, {2, 32}, {1, 128}, {2, 128}};
    for (int[] pass : passes) {
      serviceRate(bootstrap, pass[0], pass[1], rollouts);
    }
    System.exit(0); // the in-JVM broker has non-daemon threads
  }

  /**
   * Prints rollouts/s of {@code replicas} scoring loops in one fresh consumer group, between 10% and
   * 90% committed, and how many rollouts a transaction held on average.
   */
  private static void serviceRate(String bootstrap, int replicas, int maxBatch, int rollouts) throws InterruptedException {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    VerifierMetrics metrics = new VerifierMetrics(meters);
    Counter committed = meters.counter("passk.verifier.rollouts", "outcome", "scored");
    Counter transactions = meters.counter("passk.verifier.transactions", "outcome", "committed");
    String group = "bench-" + replicas + "-" + System.nanoTime();
    List<ScoringLoop> loops = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<VerifierCatalog> catalogs = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      VerifierCatalog catalog = new VerifierCatalog(VerifierRegistry.load(), Map.of(),
          BoundedVerifier.Limits.of(Duration.ofSeconds(10), 4));
      ScoringLoop loop = new ScoringLoop(new ScoringLoop.Settings(bootstrap, group, Optional.empty(), maxBatch),
          new RolloutScoring(catalog, group + "/" + r, metrics), metrics);
      catalogs.add(catalog);
      loops.add(loop);
      threads.add(new Thread(loop, group + "-replica-" + r));
    }
    threads.forEach(Thread::start);
    long low = awaitCount(committed, 0.1 * rollouts);
    long high = awaitCount(committed, 0.9 * rollouts);
    awaitCount(committed, rollouts);
    loops.forEach(ScoringLoop::stop);
    for (Thread thread : threads) {
      thread.join();
    }
    catalogs.forEach(VerifierCatalog::close);
    double rate = 0.8 * rollouts / ((high - low) / 1e9);
    System.out.printf("  %d replica(s), batch <= %3d: %,6.0f rollouts/s = %,7.0f verifications/s (%.1f rollouts per transaction)%n",
        replicas, maxBatch, rate, rate * COMPLETIONS_PER_ROLLOUT, committed.count() / transactions.count());
  }

  private static long awaitCount(Counter counter, double count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (counter.count() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + counter.count() + " of " + count + " rollouts scored in 5 minutes");
      }
      Thread.sleep(5);
    }
    return System.nanoTime();
  }

  private static void produce(String bootstrap, int rollouts) {
    AvroSerializer avro = new AvroSerializer();
    String topic = Topic.ROLLOUTS.topicName();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20),
        new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (int i = 0; i < rollouts; i++) {
        Rollout rollout = rollout("bench-p" + i, SHORT_ANSWERS.get(i % SHORT_ANSWERS.size()));
        producer.send(new ProducerRecord<>(topic, ("bench-p" + i).getBytes(StandardCharsets.UTF_8), avro.serialize(topic, rollout)));
      }
      producer.flush();
    }
  }

  private static Rollout rollout(String promptId, VerificationRequest answer) {
    Prompt prompt = Prompt.newBuilder().setRunId("bench").setPromptId(promptId).setTask("bench")
        .setText("").setReferenceAnswer(answer.answer()).setVerifier("math-answer")
        .setSamples(COMPLETIONS_PER_ROLLOUT).setPurpose(PromptPurpose.TRAIN).setDispatchedAtMillis(0).build();
    List<Completion> completions = IntStream.range(0, COMPLETIONS_PER_ROLLOUT).mapToObj(k -> Completion.newBuilder()
        .setSampleIndex(k).setText(answer.completion()).setTokenIds(List.of()).setTokenLogprobs(List.of())
        .setLogprob(0).setFinishReason(FinishReason.STOP).build()).toList();
    return Rollout.newBuilder().setPrompt(prompt).setPolicyVersion(0).setSamplerId("bench")
        .setCompletions(completions).setSampledAtMillis(0).setSamplingMillis(0).build();
  }

  private static double sequentialRate(Verifier verifier, List<VerificationRequest> requests, Duration duration) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long count = 0;
    while (System.nanoTime() < end) {
      for (VerificationRequest request : requests) {
        check(verifier.verify(request));
        count++;
      }
    }
    return count / seconds(start);
  }

  private static void check(VerifierResult result) {
    if (!result.isOk()) {
      throw new IllegalStateException("benchmark input failed to verify: " + result);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
