package dev.passk.schemas.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients with the passk serdes, for tests and tools that feed or read a topic from
 * outside the services.
 */
public final class TopicProbe {

  private TopicProbe() {}

  /** Writes records (keyed) and waits until the broker has them. */
  public static void send(String bootstrap, String topic, Map<String, ? extends SpecificRecord> byKey) {
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 << 20), new StringSerializer(), new AvroSerializer())) {
      for (var e : byKey.entrySet()) {
        producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())).get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not write to topic " + topic + ": " + e, e);
    }
  }

  /**
   * Reads the topic from the beginning (read_committed) until {@code count} records match
   * {@code filter} or the timeout passes; returns the matches.
   */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> List<T> await(String bootstrap, String topic, Predicate<T> filter,
      int count, Duration timeout) {
    List<T> found = new ArrayList<>();
    try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 << 20,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20), new StringDeserializer(), new AvroDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (found.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(200))) {
          T value = (T) r.value();
          if (filter.test(value)) {
            found.add(value);
          }
        }
      }
    }
    return found;
  }
}
