package dev.passk.learner;

import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import dev.passk.tasks.Task;
import dev.passk.tasks.TaskCatalog;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Publishes the run's prompts on channel {@code prompts} (topic {@code prompts}), keyed by prompt id. */
@ApplicationScoped
public class PromptDispatcher {

  private static final Logger LOG = Logger.getLogger(PromptDispatcher.class);

  @Channel("prompts")
  Emitter<Prompt> prompts;

  /** Dispatches prompts {@code 0 .. count-1} of the task's stream. */
  public void dispatch(String runId, RunSettings settings) {
    Task task = TaskCatalog.create(settings.task());
    for (dev.passk.tasks.Prompt p : task.prompts(settings.prompts(), settings.seed())) {
      Prompt record = toRecord(runId, task.name(), p, settings.samples());
      prompts.send(Message.of(record).addMetadata(
          OutgoingKafkaRecordMetadata.<String>builder().withKey(record.getPromptId()).build()));
    }
    LOG.infof("run %s: dispatched %d prompts of task %s, n = %d", runId, settings.prompts(),
        task.name(), settings.samples());
  }

  static Prompt toRecord(String runId, String task, dev.passk.tasks.Prompt p, int samples) {
    Map<String, String> metadata = new HashMap<>();
    p.latent().ifPresent(l -> {
      metadata.put("label", l.label().name().toLowerCase(java.util.Locale.ROOT));
      metadata.put("feature", Double.toString(l.feature()));
    });
    return Prompt.newBuilder()
        .setRunId(runId)
        .setPromptId(p.id())
        .setTask(task)
        .setText(p.text())
        .setReferenceAnswer(p.answer())
        .setVerifier(p.verifier())
        .setSamples(samples)
        .setPurpose(PromptPurpose.TRAIN)
        .setDispatchedAtMillis(System.currentTimeMillis())
        .setMetadata(metadata)
        .build();
  }
}
