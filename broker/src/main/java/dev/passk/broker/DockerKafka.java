package dev.passk.broker;

/**
 * Testcontainers' Kafka, for machines with a Docker engine. Kept apart so that the Testcontainers
 * classes (an optional dependency) are only loaded when Docker is asked for.
 */
final class DockerKafka {

  private static final String IMAGE = "apache/kafka:4.1.2";

  private DockerKafka() {}

  static boolean dockerAvailable() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static String start() {
    var kafka = new org.testcontainers.kafka.KafkaContainer(IMAGE)
        .withEnv("KAFKA_MESSAGE_MAX_BYTES", Integer.toString(EmbeddedKafkaBroker.MAX_MESSAGE_BYTES));
    kafka.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "test-kafka-container-shutdown"));
    return kafka.getBootstrapServers();
  }
}
