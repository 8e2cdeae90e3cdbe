package dev.passk.it;

import ai.djl.Device;
import dev.passk.broker.BrokerProcess;
import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.sampler.PolicyIdentity;
import dev.passk.sampler.PolicySlot;
import dev.passk.sampler.PromptBatchProcessor;
import dev.passk.sampler.PromptCheck;
import dev.passk.sampler.RolloutSampling;
import dev.passk.sampler.SamplingWorkers;
import dev.passk.sampler.SourceRecord;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.kafka.AvroDeserializer;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.schemas.kafka.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sampled tokens/s of the packaged sampler-service through Kafka (first prompt sent to last
 * rollout read; broker and service each in their own JVM) versus the same sampler code
 * ({@link PromptBatchProcessor}) called in this JVM on the same prompts in polls of the same size,
 * with the same weights, sampling settings, token budget, JVM options and one libtorch thread;
 * rounds alternate (and alternate which side goes first), after one warm-up round of each. Not a test. Run from the repository root, after
 * {@code ./mvnw -q -pl sampler-service,cli -am install -DskipTests}:
 *
 * <pre>
 * ./mvnw -q -o -pl integration-tests test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-Dpassk.home=$PWD -Xmx512m -XX:+UseSerialGC -cp %classpath dev.passk.it.SamplerBenchmark 1536 8 7"
 * </pre>
 * Arguments: prompts per round (1536), samples per prompt (8), measured rounds (7). A round is
 * 12 polls, so that the service's sustained rate, not the one-off time to fill and drain the pipe,
 * decides the ratio.
 */
public final class SamplerBenchmark {

  private static final int MAX_NEW_TOKENS = 16;
  private static final long BATCH_TOKENS = 16_384;
  private static final int POLL_RECORDS = 128;
  private static final long SEED = 0;

  private SamplerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 1536;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    setDefault("ai.djl.pytorch.num_threads", "1");
    setDefault("ai.djl.pytorch.num_interop_threads", "1");
    setDefault("ai.djl.offline", "true");
    setDefault("DJL_CACHE_DIR", PasskHome.root().resolve("target/djl-cache").toString());
    Path work = Files.createTempDirectory("passk-sampler-bench-");
    System.out.printf("sampler benchmark: %d prompts x %d samples per round, max %d new tokens, "
        + "budget %d tokens per micro-batch, %d prompts per poll, 1 sampling thread, tiny policy (seed %d)%n",
        prompts, samples, MAX_NEW_TOKENS, BATCH_TOKENS, POLL_RECORDS, SEED);
    SamplingSettings sampling = new SamplingSettings(1.0, 1.0, MAX_NEW_TOKENS);
    ExecutorService workers = SamplingWorkers.start(1);
    try (BrokerProcess broker = SamplerIT.startBroker(work);
        ServiceProcess service = SamplerIT.startSampler(broker.bootstrapServers(), work.resolve("logs"),
            "sampler-bench", "bench", "bench", Map.of(
                "PASSK_SAMPLER_SEED", Long.toString(SEED),
                "PASSK_SAMPLER_MAX_NEW_TOKENS", Integer.toString(MAX_NEW_TOKENS),
                "PASSK_SAMPLER_BATCH_TOKENS", Long.toString(BATCH_TOKENS),
                "PASSK_SAMPLER_THREADS", "1",
                "MP_MESSAGING_INCOMING_PROMPTS_MAX_POLL_RECORDS", Integer.toString(POLL_RECORDS)));
        PolicySlot slot = new PolicySlot(Policy.tiny(SEED, Device.cpu()), PolicyIdentity.start(Optional.empty()));
        RolloutReader reader = new RolloutReader(broker.bootstrapServers())) {
      PromptBatchProcessor inProcess = new PromptBatchProcessor(slot,
          new RolloutSampling(sampling, SEED, "in-process"), new PromptCheck(1024, 8192),
          BATCH_TOKENS, 0, Duration.ofSeconds(30), workers);
      kafkaRound(broker.bootstrapServers(), reader, prompts("warm-kafka", prompts, samples));
      inProcessRound(inProcess, prompts("warm-local", prompts, samples));
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        // alternate which side goes first, so a drift in machine load favours neither
        double local = r % 2 == 1 ? inProcessRound(inProcess, prompts("local-" + r, prompts, samples)) : 0;
        Map<String, Double> before = metrics(service);
        KafkaRound kafka = kafkaRound(broker.bootstrapServers(), reader, prompts("kafka-" + r, prompts, samples));
        Map<String, Double> after = metrics(service);
        if (r % 2 == 0) {
          local = inProcessRound(inProcess, prompts("local-" + r, prompts, samples));
        }
        ratios[r] = kafka.tokensPerSecond() / local;
        double samplingSeconds = delta(before, after, "passk_sampler_micro_batch_seconds_sum");
        System.out.printf("round %d: service through Kafka %,.0f tokens/s, in-process %,.0f tokens/s, ratio %.3f"
            + " | service: %.0f polls, %.0f micro-batches, %.2f s of %.2f s wall sampling (%,.0f tokens/s while sampling)%n",
            r, kafka.tokensPerSecond(), local, ratios[r],
            delta(before, after, "passk_sampler_poll_seconds_count"),
            delta(before, after, "passk_sampler_micro_batch_seconds_count"), samplingSeconds, kafka.seconds(),
            kafka.tokens() / samplingSeconds);
      }
      Arrays.sort(ratios);
      System.out.printf("median ratio (service through Kafka / in-process): %.3f (target >= 0.8); service log %s%n",
          ratios[rounds / 2], service.log());
    } finally {
      workers.shutdownNow();
    }
  }

  private record KafkaRound(long tokens, double seconds) {
    double tokensPerSecond() {
      return tokens / seconds;
    }
  }

  /** Tokens and seconds from sending the first prompt to reading the last rollout. */
  private static KafkaRound kafkaRound(String bootstrap, RolloutReader reader, List<Prompt> prompts) throws Exception {
    reader.skipToEnd();
    String runId = prompts.get(0).getRunId();
    long t0 = System.nanoTime();
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new AvroSerializer())) {
      for (Prompt p : prompts) {
        producer.send(new ProducerRecord<>(Topic.PROMPTS.topicName(), p.getPromptId(), p));
      }
      producer.flush();
    }
    long tokens = reader.awaitTokens(runId, prompts.size(), Duration.ofMinutes(10));
    return new KafkaRound(tokens, (System.nanoTime() - t0) / 1e9);
  }

  /** Tokens/s of the same processing in this JVM, fed polls of the size the service gets. */
  private static double inProcessRound(PromptBatchProcessor processor, List<Prompt> prompts) throws Exception {
    AvroSerializer serializer = new AvroSerializer();
    List<SourceRecord> records = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      records.add(new SourceRecord(Topic.PROMPTS.topicName(), 0, i, null,
          serializer.serialize(Topic.PROMPTS.topicName(), prompts.get(i))));
    }
    long t0 = System.nanoTime();
    long tokens = 0;
    for (int from = 0; from < records.size(); from += POLL_RECORDS) {
      PromptBatchProcessor.Outcome outcome = processor.process(
          records.subList(from, Math.min(records.size(), from + POLL_RECORDS)));
      if (!outcome.deadLetters().isEmpty()) {
        throw new IllegalStateException("benchmark prompts were refused: " + outcome.deadLetters());
      }
      tokens += outcome.sampledTokens();
    }
    return tokens / ((System.nanoTime() - t0) / 1e9);
  }

  /** The service's passk_sampler_* samples at /q/metrics (name with labels -> value). */
  private static Map<String, Double> metrics(ServiceProcess service) throws Exception {
    String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(service.baseUrl() + "/q/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> values = new java.util.HashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("passk_sampler_")) {
        int space = line.lastIndexOf(' ');
        values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return values;
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
  }

  private static List<Prompt> prompts(String runId, int count, int samples) {
    List<Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      prompts.add(Prompt.newBuilder(SamplerIT.prompt(runId, "q-" + i, 0, 0, (i % 90 + 10) + "+" + (i % 13) + "="))
          .setSamples(samples).build());
    }
    return prompts;
  }

  private static void setDefault(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /** Reads {@code rollouts} from the end as it was before a round's prompts were sent. */
  private static final class RolloutReader implements AutoCloseable {
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<TopicPartition> partitions;

    RolloutReader(String bootstrap) {
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 << 20,
          ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20), new StringDeserializer(), new AvroDeserializer());
      partitions = consumer.partitionsFor(Topic.ROLLOUTS.topicName()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
    }

    void skipToEnd() {
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    }

    /** Sum of completion tokens of {@code count} rollouts of {@code runId}. */
    long awaitTokens(String runId, int count, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      int seen = 0;
      long tokens = 0;
      while (seen < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + seen + " of " + count + " rollouts within " + timeout);
        }
        for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(50))) {
          Rollout rollout = (Rollout) r.value();
          if (rollout.getPrompt().getRunId().equals(runId)) {
            seen++;
            tokens += rollout.getCompletions().stream().mapToLong(c -> c.getTokenIds().size()).sum();
          }
        }
      }
      return tokens;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
