package dev.passk.schemas.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the pipeline's topics (those missing) with their partition counts and size limits. */
public final class TopicSetup {

  private TopicSetup() {}

  /** Creates every {@link Topic} that does not exist yet on the cluster at {@code bootstrap}. */
  public static void ensureTopics(String bootstrap) {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
      ensureTopics(admin, Arrays.asList(Topic.values()));
    }
  }

  public static void ensureTopics(Admin admin, List<Topic> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      short replicas = replicationFactor(admin);
      List<NewTopic> missing = topics.stream()
          .filter(t -> !existing.contains(t.topicName()))
          .map(t -> new NewTopic(t.topicName(), t.partitions(), replicas).configs(t.config()))
          .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw new IllegalStateException("could not create the passk topics: " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within 30 s while creating topics", e);
    }
  }

  /** Up to 3 replicas, as many as the cluster has brokers. */
  private static short replicationFactor(Admin admin) {
    try {
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      return (short) Math.max(1, Math.min(3, brokers));
    } catch (Exception e) {
      throw new IllegalStateException("could not describe the Kafka cluster: " + e, e);
    }
  }
}
