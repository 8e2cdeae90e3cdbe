package dev.passk.verifier;

import dev.passk.schemas.Completion;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.Score;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.VerificationStatus;
import dev.passk.verifiers.UnknownVerifierException;
import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Scores every completion of a rollout with the verifier its prompt names (plain Java). */
public final class RolloutScoring {

  private final VerifierCatalog catalog;
  private final String replicaId;
  private final VerifierMetrics metrics;

  public RolloutScoring(VerifierCatalog catalog, String replicaId, VerifierMetrics metrics) {
    this.catalog = catalog;
    this.replicaId = replicaId;
    this.metrics = metrics;
  }

  /**
   * Verifies all completions concurrently (each under its verifier's limits, so the future always
   * completes) and gives one score per completion in the rollout's order.
   *
   * @throws UnknownVerifierException at once when the prompt names a verifier this replica does not have
   */
  public CompletableFuture<ScoredRollout> scoreAsync(Rollout rollout) {
    String verifier = rollout.getPrompt().getVerifier();
    if (!catalog.names().contains(verifier)) {
      throw new UnknownVerifierException(verifier, catalog.names());
    }
    List<CompletableFuture<Score>> scores = rollout.getCompletions().stream()
        .map(c -> verify(verifier, rollout, c)).toList();
    return CompletableFuture.allOf(scores.toArray(CompletableFuture[]::new))
        .thenApply(done -> ScoredRollout.newBuilder()
            .setRollout(rollout)
            .setScores(scores.stream().map(CompletableFuture::join).toList())
            .setVerifierId(replicaId)
            .setScoredAtMillis(System.currentTimeMillis())
            .build());
  }

  private CompletableFuture<Score> verify(String verifier, Rollout rollout, Completion completion) {
    VerificationRequest request = new VerificationRequest(rollout.getPrompt().getText(),
        rollout.getPrompt().getReferenceAnswer(), completion.getText());
    long start = System.nanoTime();
    return catalog.verifyAsync(verifier, request).thenApply(result -> {
      long nanos = System.nanoTime() - start;
      metrics.verified(verifier, result.status(), nanos);
      return toScore(completion.getSampleIndex(), result, nanos / 1e6);
    });
  }

  private static Score toScore(int sampleIndex, VerifierResult result, double millis) {
    return Score.newBuilder()
        .setSampleIndex(sampleIndex)
        .setReward(result.reward())
        .setStatus(VerificationStatus.valueOf(result.status().name()))
        .setDetail(result.detail())
        .setVerifyMillis(millis)
        .build();
  }
}
