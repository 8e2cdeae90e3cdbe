package dev.passk.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The Kafka that tests run against, chosen by {@code -Dpassk.test.kafka} or env
 * {@code PASSK_TEST_KAFKA}:
 * <ul>
 *   <li>{@code auto} (default): Testcontainers' KafkaContainer when a Docker engine answers, else
 *       {@code embedded};
 *   <li>{@code embedded}: a real broker in this JVM ({@link EmbeddedKafkaBroker});
 *   <li>{@code testcontainers}: the apache/kafka image through Testcontainers (needs Docker);
 *   <li>{@code external}: a running cluster at {@code -Dpassk.test.kafka.bootstrap} or env
 *       {@code PASSK_TEST_KAFKA_BOOTSTRAP}.
 * </ul>
 * One broker serves every test of a JVM; it stops when the JVM exits.
 */
public final class TestKafka {

  private static String bootstrapServers;

  private TestKafka() {}

  /** Starts the chosen Kafka on first use and returns its bootstrap address. */
  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      bootstrapServers = start(setting("passk.test.kafka", "PASSK_TEST_KAFKA", "auto"));
    }
    return bootstrapServers;
  }

  private static String start(String mode) {
    try {
      return switch (mode.toLowerCase(Locale.ROOT)) {
        case "auto" -> start(DockerKafka.dockerAvailable() ? "testcontainers" : "embedded");
        case "embedded" -> startEmbedded();
        case "testcontainers" -> DockerKafka.start();
        case "external" -> {
          String address = setting("passk.test.kafka.bootstrap", "PASSK_TEST_KAFKA_BOOTSTRAP", "");
          if (address.isBlank()) {
            throw new IllegalStateException("passk.test.kafka=external needs the cluster address in "
                + "-Dpassk.test.kafka.bootstrap or PASSK_TEST_KAFKA_BOOTSTRAP");
          }
          yield address;
        }
        default -> throw new IllegalStateException("passk.test.kafka='" + mode
            + "' is not one of auto, embedded, testcontainers, external");
      };
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not start the test Kafka (" + mode + "): " + e, e);
    }
  }

  private static String startEmbedded() throws java.io.IOException {
    Path dir = Files.createTempDirectory("passk-test-kafka-");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, Duration.ofSeconds(60));
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
    return broker.bootstrapServers();
  }

  private static String setting(String property, String env, String defaultValue) {
    String value = System.getProperty(property);
    if (value == null) {
      value = System.getenv(env);
    }
    return value == null ? defaultValue : value;
  }
}
