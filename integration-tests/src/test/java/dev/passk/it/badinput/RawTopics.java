package dev.passk.it.badinput;

import dev.passk.schemas.kafka.AvroDeserializer;
import dev.passk.schemas.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients of raw bytes: they write records no passk serializer would, and read topics
 * that hold such records (where {@code TopicProbe}, which decodes every record, would fail).
 */
public final class RawTopics {

  /** Where a bad input went: its partition and offset, or the broker's refusal. */
  public record Sent(BadInput input, int partition, long offset, long sentAtMillis, Optional<Throwable> refusal) {}

  private RawTopics() {}

  /** Writes each input in order, waiting for the broker's answer to each; a refusal is recorded, not thrown. */
  public static Map<String, Sent> send(String bootstrap, List<BadInput> inputs) throws InterruptedException {
    Map<String, Sent> sent = new LinkedHashMap<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
        // Large enough that the broker, not this client, judges a record over a topic's limit.
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * Topic.Limits.RECORD),
        new StringSerializer(), new ByteArraySerializer())) {
      for (BadInput input : inputs) {
        long at = System.currentTimeMillis();
        try {
          RecordMetadata metadata = producer.send(new ProducerRecord<>(input.topic().topicName(), input.key(),
              input.value())).get(60, TimeUnit.SECONDS);
          sent.put(input.key(), new Sent(input, metadata.partition(), metadata.offset(), at, Optional.empty()));
        } catch (ExecutionException e) {
          sent.put(input.key(), new Sent(input, -1, -1, at, Optional.of(e.getCause())));
        } catch (TimeoutException e) {
          throw new IllegalStateException("the broker did not answer the write of '" + input.what() + "' in 60 s", e);
        }
      }
    }
    return sent;
  }

  /** Every committed record of the topic now, from the beginning, keys as strings and values as bytes. */
  public static List<ConsumerRecord<String, byte[]>> read(String bootstrap, Topic topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topic.Limits.CHECKPOINT);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topic.Limits.CHECKPOINT);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic.topicName() + " to its end in 60 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** The passk record in {@code value}, or empty when it is not one. */
  public static Optional<SpecificRecord> decode(Topic topic, byte[] value) {
    try {
      return Optional.ofNullable(new AvroDeserializer().deserialize(topic.topicName(), value));
    } catch (RuntimeException notAPasskRecord) {
      return Optional.empty();
    }
  }
}
