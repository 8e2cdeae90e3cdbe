package dev.passk.learner;

import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The {@code prompts} record of one dispatch of a task prompt. */
public final class PromptRecords {

  /** Metadata key of the interference benchmark's latent label (easy/hard). */
  public static final String LABEL = "label";

  private PromptRecords() {}

  /**
   * @param dispatch the dispatch (its prompt id, index in the stream, attempt)
   * @param minPolicyVersion the newest policy version announced when dispatched
   */
  public static Prompt toRecord(String runId, String task, dev.passk.tasks.Prompt prompt,
      DispatchBook.Dispatch dispatch, int samples, long minPolicyVersion) {
    Map<String, String> metadata = new HashMap<>();
    prompt.latent().ifPresent(l -> {
      metadata.put(LABEL, l.label().name().toLowerCase(Locale.ROOT));
      metadata.put("feature", Double.toString(l.feature()));
    });
    return Prompt.newBuilder()
        .setRunId(runId)
        .setPromptId(dispatch.promptId())
        .setAttempt(dispatch.attempt())
        .setTask(task)
        .setText(prompt.text())
        .setReferenceAnswer(prompt.answer())
        .setVerifier(prompt.verifier())
        .setSamples(samples)
        .setMinPolicyVersion(minPolicyVersion)
        .setPurpose(PromptPurpose.TRAIN)
        .setDispatchedAtMillis(dispatch.dispatchedAtMillis())
        .setMetadata(metadata)
        .build();
  }
}
