package dev.passk.learner;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.ToDoubleFunction;

/** The learner's headline numbers as Prometheus gauges ({@code /q/metrics}), prefixed {@code passk_learner_}. */
@ApplicationScoped
public class LearnerGauges {

  void register(@Observes StartupEvent event, MeterRegistry registry, LearnerService learner) {
    LearnerStatus status = learner.status();
    gauge(registry, status, "step", "updates applied", s -> s.step());
    gauge(registry, status, "policy.version", "newest policy version announced", s -> s.policyVersion());
    gauge(registry, status, "eval.pass1", "held-out pass@1 at the last evaluation", LearnerStatus::evalPass1);
    gauge(registry, status, "eval.passk", "held-out pass@k (the run's k) at the last evaluation",
        LearnerStatus::evalPassK);
    gauge(registry, status, "inner.k.one", "<g_k, g_1> of the last step's batch", LearnerStatus::innerKOne);
    gauge(registry, status, "cosine", "cos(g_k, g_1) of the last step's batch", LearnerStatus::cosine);
    gauge(registry, status, "samples.per.second", "scored samples consumed per second at the last step",
        LearnerStatus::samplesPerSecond);
    gauge(registry, status, "dropped.stale", "groups dropped as too stale", s -> s.droppedStale());
    gauge(registry, status, "duplicates", "groups refused because their prompt was trained or buffered",
        s -> s.duplicates());
    gauge(registry, status, "in.flight", "prompts dispatched and not yet trained", s -> s.inFlight());
    gauge(registry, status, "trained", "prompt groups trained in the run", s -> s.trained());
    gauge(registry, status, "step.seconds", "wall time of the last update", LearnerStatus::stepSeconds);
  }

  private static void gauge(MeterRegistry registry, LearnerStatus status, String name, String help,
      ToDoubleFunction<LearnerStatus> value) {
    Gauge.builder("passk.learner." + name, status, value).description(help).register(registry);
  }
}
