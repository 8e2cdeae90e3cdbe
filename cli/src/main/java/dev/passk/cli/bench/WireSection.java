package dev.passk.cli.bench;

import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.training.Folders;
import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.kafka.AvroDeserializer;
import dev.passk.schemas.kafka.AvroSerializer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The cost of the wire: Avro single-object encoding and decoding of a realistic rollout record
 * (n = 8 completions of 16 tokens with per-token log-probs), and produce / consume throughput of such
 * records through a real broker on this machine (acks=all, the services' setting).
 */
public final class WireSection implements BenchSection {

  private static final int SAMPLES = 8;
  private static final int TOKENS = 16;

  @Override
  public String name() {
    return "wire (Avro, Kafka)";
  }

  @Override
  public List<BenchRow> run(BenchSettings settings, PrintStream log) throws Exception {
    Rollout rollout = realisticRollout();
    AvroSerializer serializer = new AvroSerializer();
    AvroDeserializer deserializer = new AvroDeserializer();
    byte[] bytes = serializer.serialize("rollouts", rollout);
    int reps = settings.quick() ? 20_000 : 200_000;
    double encodeMicros =
        Medians.microsPerCall(settings.rounds(), reps, i -> serializer.serialize("rollouts", rollout));
    double decodeMicros =
        Medians.microsPerCall(settings.rounds(), reps, i -> deserializer.deserialize("rollouts", bytes));
    log.printf("  Avro: %d bytes a rollout, encode %.2f us, decode %.2f us%n", bytes.length, encodeMicros,
        decodeMicros);
    List<BenchRow> rows = new ArrayList<>(List.of(
        BenchRow.plain(name(), "rollout record size (n=8 x 16 tokens)", bytes.length, "bytes"),
        BenchRow.plain(name(), "Avro encode of one rollout", encodeMicros, "us"),
        BenchRow.plain(name(), "Avro decode of one rollout", decodeMicros, "us")));
    rows.addAll(kafkaThroughput(settings, bytes, log));
    return rows;
  }

  private List<BenchRow> kafkaThroughput(BenchSettings settings, byte[] value, PrintStream log)
      throws Exception {
    int records = settings.quick() ? 5_000 : 50_000;
    Path dataDir = Files.createTempDirectory(Files.createDirectories(settings.workDir()), "bench-broker");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, Duration.ofMinutes(1))) {
      return kafkaThroughput(broker, settings, value, records, log);
    } finally {
      Folders.deleteTree(dataDir);
    }
  }

  private List<BenchRow> kafkaThroughput(EmbeddedKafkaBroker broker, BenchSettings settings, byte[] value,
      int records, PrintStream log) throws Exception {
    double[] produce = new double[settings.rounds()];
    double[] consume = new double[settings.rounds()];
    for (int round = 0; round < settings.rounds(); round++) {
      String topic = "bench-rollouts-" + round;
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get();
      }
      produce[round] = produce(broker.bootstrapServers(), topic, value, records);
      consume[round] = consume(broker.bootstrapServers(), topic, records);
      log.printf("  Kafka round %d: produce %.0f records/s, consume %.0f records/s%n", round + 1,
          produce[round], consume[round]);
    }
    double mb = value.length / 1e6;
    return List.of(
        BenchRow.plain(name(), "produce rollouts (acks=all, 1 producer)", Medians.of(produce), "records/s"),
        BenchRow.plain(name(), "produce rollouts (acks=all, 1 producer)", Medians.of(produce) * mb, "MB/s"),
        BenchRow.plain(name(), "consume rollouts (1 consumer, 12 partitions)", Medians.of(consume),
            "records/s"));
  }

  private static double produce(String bootstrap, String topic, byte[] value, int records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Without idempotence: a producer that re-sent a timed-out batch with a reset sequence hung the
    // second round here (OUT_OF_ORDER_SEQUENCE_NUMBER retried forever against the in-process broker).
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, "prompt-" + i, value));
      }
      producer.flush();
      return records / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double consume(String bootstrap, String topic, int records) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      AvroDeserializer decoder = new AvroDeserializer();
      int seen = 0;
      long start = System.nanoTime();
      long deadline = start + Duration.ofMinutes(2).toNanos();
      while (seen < records && System.nanoTime() < deadline) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
        for (var record : batch) {
          decoder.deserialize(topic, record.value()); // a consumer decodes what it reads
          seen++;
        }
      }
      if (seen < records) {
        throw new IllegalStateException("consumed only " + seen + " of " + records + " records in 2 minutes");
      }
      return records / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** A rollout as the sampler publishes it for the embedded default: n = 8, 16 tokens each. */
  static Rollout realisticRollout() {
    List<Completion> completions = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      List<Integer> ids = new ArrayList<>();
      List<Float> logprobs = new ArrayList<>();
      for (int t = 0; t < TOKENS; t++) {
        ids.add(5 + (i * 31 + t * 7) % 95);
        logprobs.add(-0.1f * (t % 7));
      }
      completions.add(Completion.newBuilder().setSampleIndex(i).setText("x".repeat(TOKENS))
          .setTokenIds(ids).setTokenLogprobs(logprobs).setLogprob(-4.2).setFinishReason(FinishReason.LENGTH)
          .build());
    }
    Prompt prompt = Prompt.newBuilder().setRunId("bench").setPromptId("bench-000042").setAttempt(0)
        .setTask("interference").setText("s=+0.35 answer:").setReferenceAnswer("A").setVerifier("exact-match")
        .setSamples(SAMPLES).setMinPolicyVersion(0).setPurpose(PromptPurpose.TRAIN)
        .setDispatchedAtMillis(System.currentTimeMillis()).setMetadata(Map.of("label", "easy")).build();
    return Rollout.newBuilder().setPrompt(prompt).setPolicyVersion(3).setSamplerId("bench/1")
        .setCompletions(completions).setSampledAtMillis(System.currentTimeMillis()).setSamplingMillis(12).build();
  }
}
