package dev.passk.training;

import java.util.Map;

/**
 * Everything besides weights and optimizer moments that a learner restart needs.
 *
 * @param step updates applied
 * @param policyVersion the version of the policy these weights are
 * @param nextPromptIndex the next prompt index to dispatch
 * @param scoredRolloutOffsets partition -&gt; next offset to read
 * @param inFlight promptId -&gt; attempt, dispatched and not yet trained
 * @param trained the ledger: the stream indices of the prompts already trained (never train twice)
 * @param rngSeed the seed the learner's randomness continues from
 */
public record LearnerProgress(
    long step, long policyVersion, long nextPromptIndex, Map<Integer, Long> scoredRolloutOffsets,
    Map<String, Integer> inFlight, TrainedPrompts trained, long rngSeed) {

  public LearnerProgress {
    scoredRolloutOffsets = Map.copyOf(scoredRolloutOffsets);
    inFlight = Map.copyOf(inFlight);
  }
}
