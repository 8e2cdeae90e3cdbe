package dev.passk.cli.demo;

import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.kafka.AvroDeserializer;
import dev.passk.schemas.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows topic {@code metrics} for one run: keeps the newest record per step (a learner that
 * restarts from a checkpoint republishes the steps after it) and hands every new record to a
 * listener, for the demo's live lines.
 */
final class MetricsFollower implements AutoCloseable {

  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final String runId;
  private final TreeMap<Long, LearnerMetrics> bySteps = new TreeMap<>();

  MetricsFollower(String bootstrap, String runId) {
    this.runId = runId;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "passk-demo-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topic.METRICS.maxMessageBytes(),
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topic.METRICS.maxMessageBytes()),
        new StringDeserializer(), new AvroDeserializer());
    consumer.subscribe(List.of(Topic.METRICS.topicName()));
  }

  /** Polls once (up to {@code wait}); new records of the run go to {@code listener} in order. */
  void poll(Duration wait, Consumer<LearnerMetrics> listener) {
    for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(wait)) {
      if (r.value() instanceof LearnerMetrics m && m.getRunId().equals(runId)) {
        bySteps.put(m.getStep(), m);
        listener.accept(m);
      }
    }
  }

  /** The run's records so far, one per step, ascending. */
  List<LearnerMetrics> steps() {
    return new ArrayList<>(bySteps.values());
  }

  /** The newest step seen, 0 before the first. */
  long lastStep() {
    return bySteps.isEmpty() ? 0 : bySteps.lastKey();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
