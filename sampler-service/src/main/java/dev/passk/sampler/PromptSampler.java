package dev.passk.sampler;

import dev.passk.policy.SamplingSettings;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.Rollout;
import dev.passk.service.ReplicaId;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Consumes channel {@code prompts} (topic {@code prompts}) and publishes one record per prompt on
 * channel {@code rollouts} (topic {@code rollouts}), keyed by prompt id. Sampling runs on one worker
 * thread at a time (ordered), which bounds memory: the consumer stops fetching while it is busy.
 */
@ApplicationScoped
public class PromptSampler {

  private final PolicyHolder holder;
  private final RolloutSampling sampling;

  PromptSampler(PolicyHolder holder, SamplerSettings settings) {
    this.holder = holder;
    this.sampling = new RolloutSampling(
        new SamplingSettings(settings.temperature(), settings.topP(), settings.maxNewTokens()),
        settings.seed(), ReplicaId.get());
  }

  @Incoming("prompts")
  @Outgoing("rollouts")
  @Blocking
  public Record<String, Rollout> sample(Prompt prompt) {
    return Record.of(prompt.getPromptId(), sampling.sample(holder.policy(), holder.version(), prompt));
  }
}
