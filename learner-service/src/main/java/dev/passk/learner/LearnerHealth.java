package dev.passk.learner;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness is DOWN once the training thread has failed (the failure is in the response and the log). */
@Liveness
@ApplicationScoped
public class LearnerHealth implements HealthCheck {

  private final LearnerService learner;

  LearnerHealth(LearnerService learner) {
    this.learner = learner;
  }

  @Override
  public HealthCheckResponse call() {
    LearnerStatus status = learner.status();
    var response = HealthCheckResponse.named("learner")
        .withData("phase", status.phase().name())
        .withData("run", status.runId())
        .withData("step", status.step());
    return status.phase() == LearnerStatus.Phase.FAILED
        ? response.withData("failure", status.failure()).down().build() : response.up().build();
  }
}
