package dev.passk.verifier;

import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.schemas.kafka.Topic;
import dev.passk.verifiers.UnknownVerifierException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * One verifier replica: consumes {@code rollouts}, scores them, publishes {@code scored-rollouts}
 * exactly once, with plain Kafka clients and Kafka transactions.
 *
 * <p>Each batch of up to {@code maxBatch} records polled:
 * <ol>
 *   <li>every record is decoded and scored concurrently, each completion under its verifier's
 *       concurrency and time limits (so every future completes); a malformed record or a rollout
 *       naming an unknown verifier becomes a {@link DeadLetters dead letter} instead;</li>
 *   <li>one transaction then sends one output per input record (scored rollout or dead letter),
 *       adds the batch's next offsets for the consumer group ({@code sendOffsetsToTransaction}
 *       with the consumer's group metadata), and commits.</li>
 * </ol>
 * Outputs and consumed offsets become visible together or not at all. A crash before the commit
 * leaves the offsets where they were and any sent output aborted (invisible to {@code read_committed}
 * readers), so the next owner of the partitions scores the batch again: no rollout is lost or
 * published twice. A commit that fails (e.g. a rebalance moved the partitions, fencing this member's
 * generation) is aborted and the batch re-read from its first offsets. Fatal producer errors (fenced by
 * a newer replica with the same transactional id) end {@link #run()} with an exception.
 */
public final class ScoringLoop implements Runnable {

  /**
   * @param replicaId stable name across restarts (transactional id and static group member id), or empty
   * @param maxBatch most records per transaction
   */
  public record Settings(String bootstrapServers, String groupId, Optional<String> replicaId, int maxBatch) {

    public Settings {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
      }
    }
  }

  private static final Logger LOG = Logger.getLogger(ScoringLoop.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration CLOSE = Duration.ofSeconds(2);
  /** Topics accept records up to 8 MiB; fetches and requests leave room for a batch of large ones. */
  private static final int MAX_BYTES = 64 << 20;
  private static final String ROLLOUTS = Topic.ROLLOUTS.topicName();
  private static final String SCORED_ROLLOUTS = Topic.SCORED_ROLLOUTS.topicName();
  /** The topic's record limit less room for the record's framing and headers. */
  private static final int MAX_SCORED_BYTES = Topic.SCORED_ROLLOUTS.maxMessageBytes() - 1024;

  private final RolloutScoring scoring;
  private final VerifierMetrics metrics;
  private final RolloutDecoder decoder = new RolloutDecoder();
  private final DeadLetters deadLetters = new DeadLetters();
  private final AvroSerializer avro = new AvroSerializer();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  /** Creates the clients; {@link #run()} uses and closes them. */
  public ScoringLoop(Settings settings, RolloutScoring scoring, VerifierMetrics metrics) {
    this.scoring = scoring;
    this.metrics = metrics;
    this.consumer = new KafkaConsumer<>(consumerConfig(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.producer = new KafkaProducer<>(producerConfig(settings), new ByteArraySerializer(), new ByteArraySerializer());
  }

  static Map<String, Object> consumerConfig(Settings settings) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    // A restarted replica with the same id takes its partitions back without a rebalance.
    settings.replicaId().ifPresent(id -> config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_BYTES);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_BYTES);
    // A crashed replica's partitions move to the others after 10 s instead of 45 s.
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    return config;
  }

  static Map<String, Object> producerConfig(Settings settings) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "passk-verifier-"
        + settings.replicaId().orElseGet(() -> UUID.randomUUID().toString()));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_BYTES);
    return config;
  }

  /** Consumes until {@link #stop()}; closes the clients on the way out. */
  @Override
  public void run() {
    try {
      if (!initTransactions()) {
        return;
      }
      consumer.subscribe(List.of(ROLLOUTS));
      while (!stopped.isDone()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          processBatch(records);
        }
      }
    } catch (WakeupException e) {
      if (!stopped.isDone()) {
        throw e;
      }
    } finally {
      consumer.close(CloseOptions.timeout(CLOSE));
      producer.close(CLOSE);
    }
  }

  /**
   * Ends {@link #run()} soon, from any thread: a batch still being scored is dropped uncommitted,
   * so the next owner of its partitions scores it.
   */
  public void stop() {
    stopped.complete(null);
    consumer.wakeup();
  }

  /** Registers the transactional id (fencing and aborting what an earlier holder left open), waiting for Kafka. */
  private boolean initTransactions() {
    while (!stopped.isDone()) {
      try {
        producer.initTransactions();
        return true;
      } catch (TimeoutException e) {
        LOG.warnf("Kafka not reachable yet for the verifier's transactions, retrying: %s", e.getMessage());
      }
    }
    return false;
  }

  private void processBatch(ConsumerRecords<byte[], byte[]> records) {
    List<CompletableFuture<ProducerRecord<byte[], byte[]>>> outputs = new ArrayList<>();
    records.forEach(record -> outputs.add(output(record)));
    CompletableFuture<Void> all = CompletableFuture.allOf(outputs.toArray(CompletableFuture[]::new));
    CompletableFuture.anyOf(all, stopped).join();
    if (all.isDone()) {
      commit(records, outputs.stream().map(CompletableFuture::join).toList());
    }
  }

  /** The one record this input produces: its scored rollout, or a dead letter saying why not. */
  private CompletableFuture<ProducerRecord<byte[], byte[]>> output(ConsumerRecord<byte[], byte[]> record) {
    try {
      return scoring.scoreAsync(decoder.decode(record.topic(), record.value()))
          .thenApply(scored -> scoredRecord(record, scored))
          .exceptionally(e -> deadLetters.of(record, "scoring failed: " + e.getCause(), e.getCause()));
    } catch (MalformedRolloutException e) {
      return CompletableFuture.completedFuture(
          deadLetters.of(record, e.getMessage(), e.getCause() != null ? e.getCause() : e));
    } catch (UnknownVerifierException e) {
      return CompletableFuture.completedFuture(deadLetters.of(record, e.getMessage(), e));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(deadLetters.of(record, "scoring failed: " + e, e));
    }
  }

  /**
   * The scored rollout, or a dead letter when it would be over the topic's record limit (the broker
   * would refuse it, and a transaction that always aborts would stop the partition for good).
   */
  private ProducerRecord<byte[], byte[]> scoredRecord(ConsumerRecord<byte[], byte[]> source, ScoredRollout scored) {
    byte[] key = scored.getRollout().getPrompt().getPromptId().getBytes(StandardCharsets.UTF_8);
    byte[] value = avro.serialize(SCORED_ROLLOUTS, scored);
    if (value.length + key.length > MAX_SCORED_BYTES) {
      return deadLetters.of(source, "the scored rollout would be " + value.length + " bytes, over the "
          + MAX_SCORED_BYTES + " bytes topic '" + SCORED_ROLLOUTS + "' accepts: sample fewer or shorter completions", null);
    }
    return new ProducerRecord<>(SCORED_ROLLOUTS, key, value);
  }

  private void commit(ConsumerRecords<byte[], byte[]> records, List<ProducerRecord<byte[], byte[]>> outputs) {
    try {
      producer.beginTransaction();
      outputs.forEach(producer::send); // a failed send fails the commit below
      producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw new IllegalStateException("the verifier's Kafka producer cannot go on (another replica with the "
          + "same passk.verifier.replica-id, or no rights on the topics): " + e, e);
    } catch (KafkaException e) {
      LOG.warnf("transaction of %d rollouts aborted, scoring them again: %s", outputs.size(), e);
      producer.abortTransaction();
      metrics.aborted();
      rewind(records);
      return;
    }
    long dead = outputs.stream().filter(o -> !o.topic().equals(SCORED_ROLLOUTS)).count();
    metrics.committed(outputs.size() - (int) dead, (int) dead);
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
      next.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
    }
    return next;
  }

  /** Back to the batch's first offsets on the partitions this replica still owns. */
  private void rewind(ConsumerRecords<byte[], byte[]> records) {
    Set<TopicPartition> owned = consumer.assignment();
    for (TopicPartition partition : records.partitions()) {
      if (owned.contains(partition)) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
    }
  }
}
