package dev.passk.service;

import dev.passk.broker.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * For a service's {@code @QuarkusTest}: points it at the real Kafka chosen by the test-kafka switch
 * ({@link TestKafka}: Testcontainers where Docker runs, the embedded broker otherwise, or an
 * external cluster), and creates the topics.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String bootstrap = TestKafka.bootstrapServers();
    dev.passk.schemas.kafka.TopicSetup.ensureTopics(bootstrap);
    return Map.of("kafka.bootstrap.servers", bootstrap);
  }

  @Override
  public void stop() {
    // The broker serves every test of the JVM and stops with it.
  }
}
