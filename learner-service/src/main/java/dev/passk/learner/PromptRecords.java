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
   * The oldest policy version a prompt dispatched now should be sampled with: {@code newest -
   * (maxStaleness - checkpointInterval)}, at least 0. Until the next announcement (at most {@code
   * checkpointInterval} steps on) its samples are at most {@code maxStaleness} steps stale, so the
   * learner keeps them; and a sampler still loading the newest version keeps sampling with an older
   * one instead of waiting for the load. With {@code maxStaleness == checkpointInterval} only the
   * newest version qualifies.
   */
  static long minPolicyVersion(long newestAnnounced, int maxStaleness, int checkpointInterval) {
    return Math.max(0, newestAnnounced - (maxStaleness - checkpointInterval));
  }

  /**
   * @param dispatch the dispatch (its prompt id, index in the stream, attempt)
   * @param minPolicyVersion the oldest policy version the prompt should be sampled with
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
