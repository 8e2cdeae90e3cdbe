package dev.passk.service;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is DOWN while the Kafka cluster does not answer within 3 s (Quarkus' own Kafka check
 * waits up to the admin client's 60 s default, which hangs a probe).
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

  private final Admin admin;
  private final String bootstrapServers;

  KafkaReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000));
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("kafka").withData("bootstrap.servers", bootstrapServers);
    try {
      int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
      return response.withData("nodes", nodes).up().build();
    } catch (Exception e) {
      return response.withData("error", String.valueOf(e)).down().build();
    }
  }

  @PreDestroy
  void close() {
    admin.close(java.time.Duration.ofSeconds(1));
  }
}
