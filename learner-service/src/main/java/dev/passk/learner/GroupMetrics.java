package dev.passk.learner;

import dev.passk.math.PassAtK;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.Score;
import dev.passk.schemas.ScoredRollout;
import java.util.List;

/** The metrics record of one scored prompt group: success rate and unbiased pass@1/pass@k. */
public final class GroupMetrics {

  private GroupMetrics() {}

  public static LearnerMetrics of(String runId, long step, ScoredRollout group, int k) {
    double[] rewards = group.getScores().stream().mapToDouble(Score::getReward).toArray();
    double mean = java.util.Arrays.stream(rewards).average().orElse(0);
    int kUsed = Math.min(k, rewards.length);
    return LearnerMetrics.newBuilder()
        .setRunId(runId)
        .setStep(step)
        .setPolicyVersion(group.getRollout().getPolicyVersion())
        .setObjective("observe")
        .setK(kUsed)
        .setTimestampMillis(System.currentTimeMillis())
        .setLoss(0)
        .setMeanReward(mean)
        .setSuccessRates(List.of(mean))
        .setBatchPass1(PassAtK.estimate(rewards, 1))
        .setBatchPassK(PassAtK.estimate(rewards, kUsed))
        .setMeanStaleness(0)
        .setDroppedStale(0)
        .setSamplesPerSecond(0)
        .setGradNorm(0)
        .build();
  }
}
