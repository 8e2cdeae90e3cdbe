package dev.passk.training;

import dev.passk.math.InterferenceReport;
import java.util.List;
import java.util.Optional;

/**
 * What one learner step did (everything learner-service maps into its metrics).
 *
 * @param step 1-based count of updates applied so far
 * @param k the k used this step (after annealing or the adaptive choice; 1 for PASS1)
 * @param loss the trainer's loss
 * @param gradNorm the global gradient norm before clipping
 * @param meanReward mean reward over the trained samples
 * @param successRates p_hat per trained group, batch order
 * @param batchPass1 mean unbiased pass@1 over the trained groups
 * @param batchPassK mean unbiased pass@k at k over the trained groups
 * @param meanStaleness mean currentVersion - policyVersion over the trained groups
 * @param droppedStale groups dropped for staleness this step
 * @param importanceRatios the log importance ratios of the trained sequences, in summary
 * @param trainedPromptIds groups that went into the update
 * @param interference the interference report, with the predicted pass@1 change of the applied update
 */
public record StepOutcome(
    long step, int k, double loss, double gradNorm, double meanReward, double[] successRates,
    double batchPass1, double batchPassK, double meanStaleness, int droppedStale,
    ImportanceRatioStatistics importanceRatios, List<String> trainedPromptIds, Optional<InterferenceReport> interference) {

  public StepOutcome {
    successRates = successRates.clone();
    trainedPromptIds = List.copyOf(trainedPromptIds);
  }

  /** True when the step trained nothing (every group stale): weights are unchanged. */
  public boolean skipped() {
    return trainedPromptIds.isEmpty();
  }
}
