package dev.passk.verifier;

import dev.passk.service.ReplicaId;
import dev.passk.verifiers.VerifierCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * Runs this replica's {@link ScoringLoop} on its own thread from start to stop. Liveness is DOWN once
 * the loop has died (e.g. fenced by a replica with the same id), so a supervisor restarts the service.
 */
@Liveness
@ApplicationScoped
public class ScoringService implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(ScoringService.class);

  private final ScoringLoop loop;
  private final Thread thread;
  private volatile Throwable failure;

  ScoringService(VerifierCatalog catalog, VerifierSettings settings, MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    VerifierMetrics metrics = new VerifierMetrics(registry);
    this.loop = new ScoringLoop(new ScoringLoop.Settings(bootstrapServers, settings.groupId(), settings.replicaId(),
        settings.maxBatch()), new RolloutScoring(catalog, ReplicaId.get(), metrics), metrics);
    this.thread = new Thread(this::runLoop, "passk-scoring-loop");
    this.thread.setDaemon(true); // a loop still waiting for an unreachable Kafka must not hold the JVM at exit
  }

  void onStart(@Observes StartupEvent event) {
    thread.start();
  }

  /** Before the catalog closes: a batch in flight is dropped uncommitted, never committed with closed verifiers. */
  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
    loop.stop();
    thread.join(10_000);
  }

  private void runLoop() {
    try {
      loop.run();
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("the scoring loop stopped: this replica scores nothing until restarted", e);
    }
  }

  @Override
  public HealthCheckResponse call() {
    Throwable failed = failure;
    return HealthCheckResponse.named("scoring-loop").status(failed == null)
        .withData("error", failed == null ? "" : String.valueOf(failed)).build();
  }
}
