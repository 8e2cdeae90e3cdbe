package dev.passk.learner;

import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.ScoredRollout;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Owns the run: dispatches its prompts at start, consumes channel {@code scored-rollouts} (topic
 * {@code scored-rollouts}), counts each prompt group once and publishes its metrics on channel
 * {@code metrics} (topic {@code metrics}), keyed by run id.
 */
@ApplicationScoped
public class RunCoordinator {

  private static final Logger LOG = Logger.getLogger(RunCoordinator.class);

  private final RunSettings settings;
  private final PromptDispatcher dispatcher;
  private final String runId;
  private final RunLedger ledger;

  @Channel("metrics")
  Emitter<LearnerMetrics> metrics;

  RunCoordinator(RunSettings settings, PromptDispatcher dispatcher) {
    this.settings = settings;
    this.dispatcher = dispatcher;
    this.runId = settings.id().orElse("run-" + UUID.randomUUID().toString().substring(0, 8));
    this.ledger = new RunLedger(settings.prompts());
  }

  void onStart(@Observes StartupEvent event) {
    dispatcher.dispatch(runId, settings);
  }

  public String runId() {
    return runId;
  }

  @Incoming("scored-rollouts")
  public void onScored(ScoredRollout scored) {
    String promptRun = scored.getRollout().getPrompt().getRunId();
    String promptId = scored.getRollout().getPrompt().getPromptId();
    if (!promptRun.equals(runId) || !ledger.record(promptId)) {
      return;
    }
    LearnerMetrics record = GroupMetrics.of(runId, ledger.counted(), scored, settings.k());
    metrics.send(Message.of(record).addMetadata(
        OutgoingKafkaRecordMetadata.<String>builder().withKey(runId).build()));
    LOG.infof("run %s: group %s scored [%s] (%d/%d groups, policy v%d)", runId, promptId,
        scored.getScores().stream().map(s -> s.getStatus() + ":" + s.getReward())
            .collect(Collectors.joining(", ")),
        ledger.counted(), settings.prompts(), scored.getRollout().getPolicyVersion());
    if (ledger.complete()) {
      LOG.infof("run %s complete: %d groups, %d duplicates ignored", runId, ledger.counted(), ledger.duplicates());
    }
  }
}
