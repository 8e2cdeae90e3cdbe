package dev.passk.verifier;

import dev.passk.schemas.Rollout;
import dev.passk.schemas.ScoredRollout;
import dev.passk.service.ReplicaId;
import dev.passk.verifiers.VerifierCatalog;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Consumes channel {@code rollouts} (topic {@code rollouts}), publishes one record per rollout on
 * channel {@code scored-rollouts} (topic {@code scored-rollouts}), keyed by prompt id. A rollout
 * naming an unknown verifier is nacked and lands in {@code dead-letter.verifier} with the reason.
 */
@ApplicationScoped
public class RolloutScorer {

  private final RolloutScoring scoring;

  RolloutScorer(VerifierCatalog catalog) {
    this.scoring = new RolloutScoring(catalog, ReplicaId.get());
  }

  @Incoming("rollouts")
  @Outgoing("scored-rollouts")
  @Blocking(ordered = false)
  public Record<String, ScoredRollout> score(Rollout rollout) {
    return Record.of(rollout.getPrompt().getPromptId(), scoring.score(rollout));
  }
}
