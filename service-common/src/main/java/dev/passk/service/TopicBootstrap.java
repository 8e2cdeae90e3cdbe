package dev.passk.service;

import dev.passk.schemas.kafka.TopicSetup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the pipeline's topics when a service starts, in the background and retrying, so a
 * service started before its broker waits for it instead of failing (its readiness stays DOWN
 * meanwhile). Off with {@code passk.topics.create=false} where an operator manages topics.
 */
@ApplicationScoped
public class TopicBootstrap {

  private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @ConfigProperty(name = "passk.topics.create", defaultValue = "true")
  boolean create;

  void onStart(@Observes StartupEvent event) {
    if (create) {
      Thread thread = new Thread(this::createUntilDone, "passk-topic-bootstrap");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void createUntilDone() {
    for (int attempt = 1; ; attempt++) {
      try {
        TopicSetup.ensureTopics(bootstrapServers);
        return;
      } catch (RuntimeException e) {
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.warnf("topics not created yet on %s (attempt %d): %s", bootstrapServers, attempt, e.getMessage());
        }
        try {
          Thread.sleep(2_000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }
}
