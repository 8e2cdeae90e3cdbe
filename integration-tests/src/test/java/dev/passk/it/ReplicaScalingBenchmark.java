package dev.passk.it;

import dev.passk.broker.BrokerProcess;
import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.ScoredRollout;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
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
 * Throughput of 1 versus 2 replicas of the packaged sampler-service and of the packaged
 * verifier-service, each replica in its own JVM, the two replicas of a service in one consumer group,
 * on a broker in its own JVM. Not a test.
 *
 * <ul>
 *   <li>Verifiers: pre-built rollouts ({@code math-answer}, many completions each, long reasoning
 *       text ending in a boxed fraction) produced onto {@code rollouts}; rollouts/s from the first
 *       one sent to the last scored rollout read (read_committed) from {@code scored-rollouts}.</li>
 *   <li>Samplers (after the verifiers are stopped, so nothing scores the rollouts): prompts of the
 *       {@code addition} task produced onto {@code prompts}; completion tokens/s from the first prompt
 *       sent to the last rollout read. Settings as {@link SamplerBenchmark}'s: tiny policy, 16 new
 *       tokens, one libtorch thread per replica.</li>
 * </ul>
 * Both replicas of a service run throughout: a 1-replica round writes every record to the
 * partitions of one replica (each in turn, so both warm up alike), and the other idles; a 2-replica
 * round spreads the records over all partitions. The same JVMs thus serve both configurations, with
 * no restart or rebalance between rounds. Rounds alternate 1, 2, 1, 2, ... after two warm-up rounds of
 * each; the table gives medians and the ratio 2-replica / 1-replica (of the medians, and the median
 * of each round pair's ratio). Each round also prints the CPU seconds each replica, the broker and
 * this (driving) JVM used and the load averages, which say what bounds the rate: on a machine whose
 * cores are all busy a second replica cannot help. The table's "per replica-CPU-s" (rollouts or
 * tokens per CPU second of the replicas) does not depend on what else runs on the machine; its
 * ratio below 1 is the cost of splitting the work (smaller polls and transactions per replica).
 * Run from the repository root, after
 * {@code ./mvnw -q -pl sampler-service,verifier-service,cli -am install -DskipTests}:
 *
 * <pre>
 * ./mvnw -q -o -pl integration-tests test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-Dpassk.home=$PWD -Xmx1g -XX:+UseSerialGC -cp %classpath dev.passk.it.ReplicaScalingBenchmark 512 8 2048 32 7"
 * </pre>
 * Arguments: prompts per sampler round (512), samples per prompt (8), rollouts per verifier round
 * (2048), completions per rollout (32), measured rounds per configuration (7).
 */
public final class ReplicaScalingBenchmark {

  private static final String SAMPLER_GROUP = "bench-samplers";
  private static final String VERIFIER_GROUP = "bench-verifiers";
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(10);
  /** Rounds of each configuration before the measured ones: JIT compilation goes on for a few. */
  private static final int WARM_UP_ROUNDS = 2;
  /** Filler reasoning of a completion, repeated, before its boxed answer. */
  private static final String REASONING = "We add the two fractions over the common denominator 12, so 3/12 + 6/12 "
      + "= 9/12, which reduces by the greatest common divisor 3. ";

  private ReplicaScalingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 512;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rollouts = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
    int completions = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 7;
    System.out.printf("replica scaling benchmark: %d cores, load average %s%n",
        Runtime.getRuntime().availableProcessors(), loadAverage());
    System.out.printf("verifiers: %d rollouts x %d math-answer completions per round; samplers: %d prompts x %d "
        + "samples per round; %d measured rounds per configuration%n", rollouts, completions, prompts, samples, rounds);
    Path work = Files.createTempDirectory("passk-replica-bench-");
    List<String> table = new ArrayList<>();
    try (BrokerProcess broker = SamplerIT.startBroker(work);
        KafkaProducer<String, SpecificRecord> producer = producer(broker.bootstrapServers())) {
      Stage verifiers = new Stage("verifiers", "rollouts/s", VERIFIER_GROUP, Topic.ROLLOUTS, Topic.SCORED_ROLLOUTS,
          roundId -> IntStream.range(0, rollouts).mapToObj(i -> (SpecificRecord) mathRollout(roundId, i, completions))
              .toList(),
          out -> ((ScoredRollout) out).getRollout().getPrompt(), out -> 1,
          out -> ((ScoredRollout) out).getVerifierId());
      List<ServiceProcess> verifierReplicas = List.of(
          launchVerifier(broker.bootstrapServers(), work.resolve("logs"), "verifier-1"),
          launchVerifier(broker.bootstrapServers(), work.resolve("logs"), "verifier-2"));
      try {
        table.addAll(measure(verifiers, verifierReplicas, broker, producer, rounds));
      } finally {
        closeAll(verifierReplicas);
      }
      Map<String, String> samplerSettings = Map.of("PASSK_SAMPLER_SEED", "0", "PASSK_SAMPLER_MAX_NEW_TOKENS", "16",
          "PASSK_SAMPLER_BATCH_TOKENS", "16384", "PASSK_SAMPLER_THREADS", "1",
          "MP_MESSAGING_INCOMING_PROMPTS_MAX_POLL_RECORDS", "128");
      Stage samplers = new Stage("samplers", "completion tokens/s", SAMPLER_GROUP, Topic.PROMPTS, Topic.ROLLOUTS,
          roundId -> IntStream.range(0, prompts).mapToObj(i -> (SpecificRecord) Prompt.newBuilder(
              SamplerIT.prompt(roundId, "q-" + i, 0, 0, (i % 90 + 10) + "+" + (i % 13) + "=")).setSamples(samples)
              .build()).toList(),
          out -> ((Rollout) out).getPrompt(),
          out -> ((Rollout) out).getCompletions().stream().mapToLong(c -> c.getTokenIds().size()).sum(),
          out -> ((Rollout) out).getSamplerId());
      List<ServiceProcess> samplerReplicas = new ArrayList<>();
      try {
        for (String name : List.of("sampler-1", "sampler-2")) {
          samplerReplicas.add(SamplerIT.launchSampler(broker.bootstrapServers(), work.resolve("logs"), name,
              SAMPLER_GROUP, "bench", samplerSettings));
        }
        table.addAll(measure(samplers, samplerReplicas, broker, producer, rounds));
      } finally {
        closeAll(samplerReplicas);
      }
    }
    System.out.printf("%n%-10s %8s %12s %20s %16s %8s   %s%n", "stage", "replicas", "median rate", "min .. max",
        "per replica-CPU-s", "busy cores", "unit (of the rates)");
    table.forEach(System.out::println);
    System.out.printf("load average at the end: %s; logs in %s%n", loadAverage(), work.resolve("logs"));
  }

  /**
   * One service under test: its group, the topic it consumes and the one it writes, the records of a
   * round (given the round's run id), and for each output its prompt, its amount (what the rate
   * counts) and the id of the replica that wrote it.
   */
  private record Stage(String name, String unit, String group, Topic input, Topic output,
      Function<String, List<SpecificRecord>> inputs, Function<SpecificRecord, Prompt> promptOf,
      ToLongFunction<SpecificRecord> amount, Function<SpecificRecord, String> writer) {}

  /**
   * One round: the amount its outputs carry (what the rate counts), its wall time, outputs per
   * replica, CPU seconds of each replica, of the broker and of this JVM, and the load average at its end.
   */
  private record Round(long amount, double seconds, Map<String, Long> shares, double[] replicaCpu, double brokerCpu,
      double driverCpu, String load) {

    double rate() {
      return amount / seconds;
    }

    /** The amount per CPU second of the service's replicas: unlike the rate, it holds when others take the cores. */
    double perReplicaCpuSecond() {
      return amount / Arrays.stream(replicaCpu).sum();
    }

    /** Cores kept busy by the replicas, the broker and this JVM together. */
    double busyCores() {
      return (Arrays.stream(replicaCpu).sum() + brokerCpu + driverCpu) / seconds;
    }

    String cpu() {
      return String.format("replicas %s, broker %.1f, this JVM %.1f", Arrays.toString(Arrays.stream(replicaCpu)
          .mapToObj(c -> String.format("%.1f", c)).toArray()), brokerCpu, driverCpu);
    }
  }

  /** Waits for the replicas, runs warm-up and measured rounds; returns the stage's table rows. */
  private static List<String> measure(Stage stage, List<ServiceProcess> replicas, BrokerProcess broker,
      KafkaProducer<String, SpecificRecord> producer, int rounds) throws Exception {
    for (ServiceProcess replica : replicas) {
      SamplerIT.awaitReady(replica);
    }
    SamplerIT.awaitMembersWithPartitions(broker.bootstrapServers(), stage.group(), replicas.size());
    List<Long> pids = new ArrayList<>(replicas.stream().map(ServiceProcess::pid).toList());
    pids.add(broker.pid());
    pids.add(ProcessHandle.current().pid());
    Map<Integer, List<Round>> byReplicas = new TreeMap<>();
    try (OutputTail tail = new OutputTail(broker.bootstrapServers(), stage.output())) {
      for (int r = -WARM_UP_ROUNDS; r < rounds; r++) {
        for (int replicaCount = 1; replicaCount <= 2; replicaCount++) {
          String roundId = stage.name() + "-" + replicaCount + "-" + r;
          // 1-replica rounds alternate which replica works, so both warm up alike
          List<Integer> partitions = replicaCount == 2
              ? IntStream.range(0, stage.input().partitions()).boxed().toList()
              : partitionsOfOneMember(broker.bootstrapServers(), stage.group(), stage.input(), r % 2 == 0);
          Round round = round(stage, partitions, roundId, replicas, pids, producer, tail);
          System.out.printf("%s round %s, %d replica(s): %,.0f %s in %.1f s; records per replica %s; CPU s: %s; "
                  + "load %s%n", stage.name(), r < 0 ? "warm-up " + (r + WARM_UP_ROUNDS) : Integer.toString(r),
              replicaCount, round.rate(), stage.unit(), round.seconds(), round.shares(), round.cpu(), round.load());
          if (r >= 0) {
            byReplicas.computeIfAbsent(replicaCount, k -> new ArrayList<>()).add(round);
          }
        }
      }
    }
    List<String> rows = new ArrayList<>();
    byReplicas.forEach((count, list) -> {
      double[] rates = list.stream().mapToDouble(Round::rate).sorted().toArray();
      rows.add(String.format("%-10s %8d %12s %20s %16s %8.2f   %s", stage.name(), count,
          String.format("%,.0f", median(rates)),
          String.format("%,.0f .. %,.0f", rates[0], rates[rates.length - 1]),
          String.format("%,.0f", median(list, Round::perReplicaCpuSecond)), median(list, Round::busyCores),
          stage.unit()));
    });
    double[] pairedRatios = IntStream.range(0, rounds)
        .mapToDouble(r -> byReplicas.get(2).get(r).rate() / byReplicas.get(1).get(r).rate()).toArray();
    rows.add(String.format("%-10s 2 replicas / 1 replica: rate %.2f (ratio of medians), %.2f (median of the rounds' "
            + "ratios, robust to a drift in load); per replica CPU second %.2f", stage.name(),
        ratio(byReplicas, Round::rate), median(pairedRatios), ratio(byReplicas, Round::perReplicaCpuSecond)));
    return rows;
  }

  private static double ratio(Map<Integer, List<Round>> byReplicas, ToDoubleFunction<Round> measure) {
    return median(byReplicas.get(2), measure) / median(byReplicas.get(1), measure);
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> measure) {
    return median(rounds.stream().mapToDouble(measure).toArray());
  }

  /**
   * Sends the round's records round-robin to {@code partitions} and reads every output;
   * {@code pids}: the replicas', the broker's and this JVM's.
   */
  private static Round round(Stage stage, List<Integer> partitions, String roundId, List<ServiceProcess> replicas,
      List<Long> pids, KafkaProducer<String, SpecificRecord> producer, OutputTail tail) {
    List<SpecificRecord> inputs = stage.inputs().apply(roundId);
    tail.skipToEnd();
    double[] cpuBefore = cpuSeconds(pids);
    long t0 = System.nanoTime();
    for (int i = 0; i < inputs.size(); i++) {
      producer.send(new ProducerRecord<>(stage.input().topicName(), partitions.get(i % partitions.size()),
          roundId + "-" + i, inputs.get(i)));
    }
    producer.flush();
    List<SpecificRecord> outputs = tail.await(out -> stage.promptOf().apply(out).getRunId().equals(roundId),
        inputs.size());
    double seconds = (System.nanoTime() - t0) / 1e9;
    double[] cpu = cpuSeconds(pids);
    for (int i = 0; i < cpu.length; i++) {
      cpu[i] -= cpuBefore[i];
    }
    long amount = outputs.stream().mapToLong(stage.amount()).sum();
    int n = replicas.size();
    return new Round(amount, seconds, ReplicaShares.count(replicas, outputs.stream().map(stage.writer()).toList()),
        Arrays.copyOf(cpu, n), cpu[n], cpu[n + 1], loadAverage());
  }

  /**
   * The partitions of {@code topic} that one member of the two-member {@code group} owns: the member
   * owning partition 0 ({@code ownerOfZero}) or the other one.
   */
  private static List<Integer> partitionsOfOneMember(String bootstrap, String group, Topic topic, boolean ownerOfZero)
      throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<MemberDescription> members = List.copyOf(admin.describeConsumerGroups(List.of(group)).all()
          .get(30, TimeUnit.SECONDS).get(group).members());
      if (members.size() != 2) {
        throw new IllegalStateException("group " + group + " has " + members.size() + " members, not 2: " + members);
      }
      TopicPartition zero = new TopicPartition(topic.topicName(), 0);
      MemberDescription chosen = members.stream()
          .filter(m -> m.assignment().topicPartitions().contains(zero) == ownerOfZero).findFirst()
          .orElseThrow(() -> new IllegalStateException("no member of " + group + " owns " + zero + ": " + members));
      return chosen.assignment().topicPartitions().stream().map(TopicPartition::partition).sorted().toList();
    }
  }

  /** A rollout of {@code completions} math-answer completions, long reasoning each, every other one right. */
  private static Rollout mathRollout(String roundId, int index, int completions) {
    Prompt prompt = Prompt.newBuilder().setRunId(roundId).setPromptId(roundId + "-" + index).setTask("bench-math")
        .setText("What is 1/4 + 1/2?").setReferenceAnswer("\\frac{3}{4}").setVerifier("math-answer")
        .setSamples(completions).setPurpose(PromptPurpose.TRAIN).setDispatchedAtMillis(0).build();
    List<Completion> list = new ArrayList<>();
    for (int k = 0; k < completions; k++) {
      String text = REASONING.repeat(4) + "The answer is $\\boxed{" + (k % 2 == 0 ? "\\dfrac{9}{12}" : "0.7") + "}$.";
      list.add(Completion.newBuilder().setSampleIndex(k).setText(text).setTokenIds(List.of())
          .setTokenLogprobs(List.of()).setLogprob(0).setFinishReason(FinishReason.STOP).build());
    }
    return Rollout.newBuilder().setPrompt(prompt).setPolicyVersion(0).setSamplerId("replica-scaling-benchmark")
        .setCompletions(list).setSampledAtMillis(0).setSamplingMillis(0).build();
  }

  /** Starts a packaged verifier replica in its own JVM without waiting for it. */
  private static ServiceProcess launchVerifier(String bootstrap, Path logDir, String name) throws Exception {
    return ServiceProcess.start(name, PasskHome.root().resolve("verifier-service/target/quarkus-app"),
        Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "PASSK_VERIFIER_GROUP_ID", VERIFIER_GROUP,
            "PASSK_VERIFIER_REPLICA_ID", "bench-" + name),
        SamplerIT.SERVICE_JVM, EmbeddedKafkaBroker.freePort(), logDir);
  }

  private static KafkaProducer<String, SpecificRecord> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 << 20),
        new StringSerializer(), new AvroSerializer());
  }

  /** CPU seconds each process has used so far (NaN when the OS does not say). */
  private static double[] cpuSeconds(List<Long> pids) {
    return pids.stream().mapToDouble(pid -> ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
        .map(d -> d.toNanos() / 1e9).orElse(Double.NaN)).toArray();
  }

  /** The 1-, 5- and 15-minute load averages ({@code /proc/loadavg}), or "unknown". */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (java.io.IOException notLinux) {
      return "unknown";
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void closeAll(List<ServiceProcess> replicas) throws InterruptedException {
    for (ServiceProcess replica : replicas) {
      replica.close();
    }
  }

  /** Reads a topic (read_committed) from its end as it was before a round's records were sent. */
  private static final class OutputTail implements AutoCloseable {
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<TopicPartition> partitions;

    OutputTail(String bootstrap, Topic topic) {
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 << 20,
          ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20), new StringDeserializer(), new AvroDeserializer());
      partitions = IntStream.range(0, topic.partitions()).mapToObj(p -> new TopicPartition(topic.topicName(), p))
          .toList();
      consumer.assign(partitions);
    }

    void skipToEnd() {
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    }

    /** The first {@code count} records that match; fails after {@link #ROUND_TIMEOUT}. */
    List<SpecificRecord> await(Predicate<SpecificRecord> filter, int count) {
      long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
      List<SpecificRecord> found = new ArrayList<>();
      while (found.size() < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + found.size() + " of " + count + " records within " + ROUND_TIMEOUT);
        }
        for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(50))) {
          if (filter.test(r.value())) {
            found.add(r.value());
          }
        }
      }
      return found;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
