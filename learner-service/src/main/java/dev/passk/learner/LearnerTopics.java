package dev.passk.learner;

import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.kafka.AvroDeserializer;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.schemas.kafka.DeadLetterEnvelope;
import dev.passk.schemas.kafka.Topic;
import dev.passk.training.ScoredGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The learner's Kafka clients, used by its training thread (and the producer, which is thread-safe,
 * by the checkpoint writer too): a plain consumer of
 * {@code scored-rollouts} that owns every partition (one learner per run; offsets live in the
 * learner's checkpoint, not in a consumer group) reading committed records only, and one producer
 * for prompts, metrics, policy versions and dead letters.
 */
final class LearnerTopics implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LearnerTopics.class);

  /** One scored group read from {@code partition} at {@code offset}, with the group built from it. */
  record Delivery(ScoredRollout scored, ScoredGroup group, int partition, long offset) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, SpecificRecord> producer;
  private final AvroDeserializer decoder = new AvroDeserializer();
  private final List<TopicPartition> partitions;
  private final String scoredTopic = Topic.SCORED_ROLLOUTS.topicName();

  LearnerTopics(String bootstrap) {
    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topic.Limits.RECORD);
    consumerConfig.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topic.Limits.CHECKPOINT);
    consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
        new ByteArrayDeserializer());
    Map<String, Object> producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topic.Limits.CHECKPOINT);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new AvroSerializer());
    partitions = consumer.partitionsFor(scoredTopic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(scoredTopic, p.partition())).toList();
    consumer.assign(partitions);
  }

  /**
   * Positions every partition: at the stored offset where there is one, else at the end (a fresh
   * run: results of older runs are not ours). Returns the positions, resolved now.
   */
  Map<Integer, Long> seek(Map<Integer, Long> stored) {
    List<TopicPartition> unknown = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long offset = stored.get(tp.partition());
      if (offset == null) {
        unknown.add(tp);
      } else {
        consumer.seek(tp, offset);
      }
    }
    if (!unknown.isEmpty()) {
      consumer.seekToEnd(unknown); // an empty list would mean every assigned partition
    }
    return positions();
  }

  /** Next offset to read per partition. */
  Map<Integer, Long> positions() {
    Map<Integer, Long> positions = new HashMap<>();
    for (TopicPartition tp : partitions) {
      positions.put(tp.partition(), consumer.position(tp, Duration.ofSeconds(30)));
    }
    return positions;
  }

  /** The scored groups of one poll; a record that cannot be decoded goes to the dead-letter topic. */
  List<Delivery> poll(Duration timeout) {
    List<Delivery> deliveries = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      try {
        SpecificRecord value = decoder.deserialize(r.topic(), r.value());
        if (!(value instanceof ScoredRollout scored)) {
          throw new IllegalArgumentException("expected a ScoredRollout, got "
              + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        deliveries.add(new Delivery(scored, ScoredGroups.toGroup(scored), r.partition(), r.offset()));
      } catch (RuntimeException e) {
        deadLetter(r, "the learner cannot use this scored-rollouts record: " + e.getMessage(), e);
      }
    }
    return deliveries;
  }

  /** Sends a record (asynchronously; {@link #flush} or {@link #sendNow} wait). */
  void send(Topic topic, String key, SpecificRecord value) {
    producer.send(new ProducerRecord<>(topic.topicName(), key, value));
  }

  /** Sends a record and waits until the broker has it. */
  void sendNow(Topic topic, String key, SpecificRecord value) {
    try {
      producer.send(new ProducerRecord<>(topic.topicName(), key, value)).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not write to " + topic.topicName() + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge a record on " + topic.topicName() + " in 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic.topicName(), e);
    }
  }

  void flush() {
    producer.flush();
  }

  /** A received record the learner could not use, kept with the reason; a failure to keep it is logged. */
  private void deadLetter(ConsumerRecord<String, byte[]> r, String reason, Exception cause) {
    producer.send(deadLetterRecord(r, reason, cause), (sent, failure) -> {
      if (failure != null) {
        LOG.errorf("could not dead-letter %s-%d@%d (%s): %s", r.topic(), r.partition(), r.offset(), reason, failure);
      }
    });
  }

  /**
   * The dead letter of {@code r}: the {@link DeadLetterEnvelope} of its key and value with the reason,
   * without the value (the reason says so) when the letter would be over the dead-letter topic's limit.
   */
  static ProducerRecord<String, SpecificRecord> deadLetterRecord(ConsumerRecord<String, byte[]> r, String reason,
      Exception cause) {
    DeadLetterEnvelope envelope = DeadLetterEnvelope.of(Topic.DEAD_LETTER_LEARNER, "learner", r.topic(), r.partition(),
        r.offset(), r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value(), reason,
        cause == null ? null : cause.getClass());
    return new ProducerRecord<>(Topic.DEAD_LETTER_LEARNER.topicName(), null, r.key(), envelope.letter(),
        envelope.headers());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(2));
  }
}
