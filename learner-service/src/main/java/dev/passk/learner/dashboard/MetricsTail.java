package dev.passk.learner.dashboard;

import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.kafka.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows topic {@code metrics} for one dashboard viewer with its own consumer: every partition
 * assigned (no consumer group, nothing committed), read from the beginning, or from the first
 * record written at or after {@code sinceMillis}, then live. Only records of the wanted runs (all
 * when the set is empty) are handed on, a poll's worth at a time.
 */
final class MetricsTail {

  static final String TOPIC = "metrics";
  private static final Duration POLL = Duration.ofMillis(250);

  /** Receives each poll's records (possibly none); returns false to stop following. */
  interface Batches {
    boolean accept(List<LearnerMetrics> batch);
  }

  private final String bootstrapServers;
  private final Set<String> runs;
  private final OptionalLong sinceMillis;

  MetricsTail(String bootstrapServers, Set<String> runs, OptionalLong sinceMillis) {
    this.bootstrapServers = bootstrapServers;
    this.runs = Set.copyOf(runs);
    this.sinceMillis = sinceMillis;
  }

  /** Follows the topic until {@code batches} says stop or {@code running} turns false. */
  void follow(Batches batches, BooleanSupplier running) {
    try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.CLIENT_ID_CONFIG, "passk-dashboard"), new StringDeserializer(), new AvroDeserializer())) {
      if (!assignAndSeek(consumer, batches, running)) {
        return;
      }
      while (running.getAsBoolean()) {
        List<LearnerMetrics> batch = new ArrayList<>();
        for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(POLL)) {
          if (r.value() instanceof LearnerMetrics m && (runs.isEmpty() || runs.contains(m.getRunId()))) {
            batch.add(m);
          }
        }
        if (!batches.accept(batch)) {
          return;
        }
      }
    }
  }

  /** Waits (handing on empty batches, so the viewer can be told) until the topic has partitions. */
  private boolean assignAndSeek(KafkaConsumer<String, SpecificRecord> consumer, Batches batches,
      BooleanSupplier running) {
    List<PartitionInfo> partitions = List.of();
    while (partitions.isEmpty()) {
      if (!running.getAsBoolean() || !batches.accept(List.of())) {
        return false;
      }
      partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(5));
    }
    List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
    consumer.assign(assigned);
    if (sinceMillis.isEmpty()) {
      consumer.seekToBeginning(assigned);
      return true;
    }
    Map<TopicPartition, Long> times = new HashMap<>();
    assigned.forEach(tp -> times.put(tp, sinceMillis.getAsLong()));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
    for (TopicPartition tp : assigned) {
      OffsetAndTimestamp at = offsets.get(tp);
      if (at == null) {
        consumer.seekToEnd(List.of(tp)); // nothing that recent yet: only what comes next
      } else {
        consumer.seek(tp, at.offset());
      }
    }
    return true;
  }
}
