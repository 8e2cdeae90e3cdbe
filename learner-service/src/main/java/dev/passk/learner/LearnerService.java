package dev.passk.learner;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the learner's training thread when the service starts and stops it when the service stops.
 * Settings are checked at construction, so a bad setting fails the start with what to fix.
 */
@ApplicationScoped
public class LearnerService {

  private static final Logger LOG = Logger.getLogger(LearnerService.class);

  private final LearnerStatus status = new LearnerStatus();
  private final LearnerLoop loop;
  private Thread thread;

  LearnerService(RunSettings settings, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
    this.loop = new LearnerLoop(settings, bootstrap, status, Clock.systemUTC());
  }

  void onStart(@Observes StartupEvent event) {
    thread = new Thread(loop::run, "passk-learner");
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
    loop.stop();
    if (thread != null) {
      thread.join(30_000);
      if (thread.isAlive()) {
        LOG.warn("learner thread still busy 30 s after the stop request; exiting anyway (the last checkpoint stands)");
      }
    }
  }

  /** The live numbers of the run (for gauges, health and the dashboard). */
  public LearnerStatus status() {
    return status;
  }
}
