package dev.passk.verifier;

import dev.passk.verifiers.VerifierResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The verifier-service's meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code passk.verifier.verifications} [{@code passk_verifier_verifications_total}], tags
 *       {@code verifier}, {@code status} (ok, error, timeout): completions verified; its rate is
 *       verifications/s, its error and timeout series are the error and timeout counts per verifier;</li>
 *   <li>{@code passk.verifier.latency} [{@code passk_verifier_latency_seconds_*}, with histogram
 *       buckets], tag {@code verifier}: time from submitting a completion to its verdict, queueing
 *       included;</li>
 *   <li>{@code passk.verifier.rollouts} [{@code passk_verifier_rollouts_total}], tag {@code outcome}
 *       (scored, dead_letter): rollouts whose result was committed;</li>
 *   <li>{@code passk.verifier.transactions} [{@code passk_verifier_transactions_total}], tag
 *       {@code outcome} (committed, aborted).</li>
 * </ul>
 */
public final class VerifierMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> verifications = new ConcurrentHashMap<>();
  private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
  private final Counter scored;
  private final Counter deadLetters;
  private final Counter committed;
  private final Counter aborted;

  public VerifierMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.scored = registry.counter("passk.verifier.rollouts", "outcome", "scored");
    this.deadLetters = registry.counter("passk.verifier.rollouts", "outcome", "dead_letter");
    this.committed = registry.counter("passk.verifier.transactions", "outcome", "committed");
    this.aborted = registry.counter("passk.verifier.transactions", "outcome", "aborted");
  }

  /** One completion verified by {@code verifier} with {@code status} after {@code nanos}. */
  void verified(String verifier, VerifierResult.Status status, long nanos) {
    String label = status.name().toLowerCase(Locale.ROOT);
    verifications.computeIfAbsent(verifier + '\n' + label, k -> Counter.builder("passk.verifier.verifications")
        .description("Completions verified").tag("verifier", verifier).tag("status", label).register(registry))
        .increment();
    latencies.computeIfAbsent(verifier, v -> Timer.builder("passk.verifier.latency")
        .description("Time from submitting a completion to its verdict").tag("verifier", v)
        .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(2)).register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** A transaction with these outputs committed. */
  void committed(int scoredRollouts, int deadLettered) {
    committed.increment();
    scored.increment(scoredRollouts);
    deadLetters.increment(deadLettered);
  }

  /** A transaction was aborted; its rollouts will be scored again. */
  void aborted() {
    aborted.increment();
  }
}
