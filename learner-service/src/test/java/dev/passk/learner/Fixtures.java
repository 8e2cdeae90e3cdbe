package dev.passk.learner;

import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.Score;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.VerificationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scored rollouts as a verifier would write them, for tests. */
final class Fixtures {

  private Fixtures() {}

  /**
   * A scored rollout of {@code prompt} with one completion per reward ("c<i>", log-prob -(i+1)); a
   * reward below 0 stands for a verifier ERROR (reward 0 on the wire).
   */
  static ScoredRollout scored(Prompt prompt, long policyVersion, double... rewards) {
    List<Completion> completions = new ArrayList<>();
    List<Score> scores = new ArrayList<>();
    for (int i = 0; i < rewards.length; i++) {
      completions.add(Completion.newBuilder().setSampleIndex(i).setText("c" + i).setTokenIds(List.of(1, 2))
          .setTokenLogprobs(List.of(-0.5f, -0.5f - i)).setLogprob(-(i + 1)).setFinishReason(FinishReason.STOP).build());
      boolean error = rewards[i] < 0;
      scores.add(Score.newBuilder().setSampleIndex(i).setReward(error ? 0 : rewards[i])
          .setStatus(error ? VerificationStatus.ERROR : VerificationStatus.OK)
          .setDetail(error ? "verifier failed" : "").build());
    }
    Rollout rollout = Rollout.newBuilder().setPrompt(prompt).setPolicyVersion(policyVersion).setSamplerId("test/1")
        .setCompletions(completions).setSampledAtMillis(1).setSamplingMillis(1).build();
    return ScoredRollout.newBuilder().setRollout(rollout).setScores(scores).setVerifierId("test/2")
        .setScoredAtMillis(2).build();
  }

  static Prompt prompt(String runId, String promptId, int attempt) {
    return Prompt.newBuilder().setRunId(runId).setPromptId(promptId).setAttempt(attempt).setTask("addition")
        .setText("1+1=").setReferenceAnswer("2").setVerifier("numeric").setSamples(3)
        .setDispatchedAtMillis(0).setMetadata(Map.of()).setMinPolicyVersion(0)
        // Every defaulted field set: under @QuarkusTest a default enum resolves in another class loader.
        .setPurpose(PromptPurpose.TRAIN).build();
  }
}
