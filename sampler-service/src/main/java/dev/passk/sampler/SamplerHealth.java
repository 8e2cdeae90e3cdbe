package dev.passk.sampler;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code sampler-policy}: DOWN until the policy announcements present at start have
 * been read; then UP with the served version, and, after a refused checkpoint, still UP (the last
 * good version keeps serving) with the refusal's reason in {@code lastRejection}.
 */
@Readiness
@ApplicationScoped
public class SamplerHealth implements HealthCheck {

  private final PolicyHolder holder;

  SamplerHealth(PolicyHolder holder) {
    this.holder = holder;
  }

  @Override
  public HealthCheckResponse call() {
    PolicyIdentity served = holder.slot().identity();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("sampler-policy")
        .withData("policyVersion", served.version())
        .withData("policyRun", served.runId().orElse("(start policy)"))
        .withData("policySha256", served.sha256().orElse("(tiny default)"));
    holder.lastRejection().ifPresent(r -> response
        .withData("lastRejection", r.reason())
        .withData("lastRejectionAt", Instant.ofEpochMilli(r.atMillis()).toString()));
    return holder.caughtUp() ? response.up().build()
        : response.withData("waiting", "reading policy-versions up to its end").down().build();
  }
}
