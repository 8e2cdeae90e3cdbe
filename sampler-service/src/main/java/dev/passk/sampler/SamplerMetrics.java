package dev.passk.sampler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The sampler's Prometheus metrics (at {@code /q/metrics}); tokens/s and prompts/s are
 * {@code rate()} of the counters, the gauge gives the rate of the latest poll without a query.
 */
@ApplicationScoped
public class SamplerMetrics {

  private final MeterRegistry registry;
  private final Counter tokens;
  private final Counter prompts;
  private final Timer microBatch;
  private final Timer poll;
  private final Counter swaps;
  private final Counter rejections;
  private final AtomicLong policyVersion = new AtomicLong();
  private final DoubleAdder lastPollTokensPerSecond = new DoubleAdder();

  SamplerMetrics(MeterRegistry registry) {
    this.registry = registry;
    tokens = Counter.builder("passk.sampler.tokens").description("Completion tokens sampled").register(registry);
    prompts = Counter.builder("passk.sampler.prompts").description("Rollouts published (one per prompt)")
        .register(registry);
    microBatch = Timer.builder("passk.sampler.micro.batch").description("Sampling time of one micro-batch")
        .register(registry);
    poll = Timer.builder("passk.sampler.poll")
        .description("One poll of prompts: decode, sample, hand the records to the producer").register(registry);
    swaps = Counter.builder("passk.sampler.policy.swaps").description("Policy versions swapped in")
        .register(registry);
    rejections = Counter.builder("passk.sampler.policy.rejections")
        .description("Announced checkpoints refused (bad hash, unreadable, undecodable)").register(registry);
    registry.gauge("passk.sampler.policy.version", policyVersion);
    registry.gauge("passk.sampler.last.poll.tokens.per.second", lastPollTokensPerSecond, DoubleAdder::sum);
  }

  void polled(long sampledTokens, int rollouts, Duration wall, Iterable<Duration> microBatches) {
    tokens.increment(sampledTokens);
    prompts.increment(rollouts);
    poll.record(wall);
    microBatches.forEach(microBatch::record);
    if (sampledTokens > 0) {
      lastPollTokensPerSecond.reset();
      lastPollTokensPerSecond.add(sampledTokens / (wall.toNanos() / 1e9));
    }
  }

  void deadLettered(String sourceTopic) {
    Counter.builder("passk.sampler.dead.letters").description("Records sent to dead-letter.sampler")
        .tag("source", sourceTopic).register(registry).increment();
  }

  void serving(long version) {
    policyVersion.set(version);
  }

  void swapped() {
    swaps.increment();
  }

  void rejected() {
    rejections.increment();
  }
}
