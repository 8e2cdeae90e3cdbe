package dev.passk.training;

import java.util.List;

/**
 * One prompt's scored samples, as the learner trains on them (learner-service builds it from a
 * ScoredRollout; {@link InProcessRun} from its own sampling).
 *
 * @param promptId the prompt's stable id
 * @param attempt how many times the prompt was dispatched before (0 for the first)
 * @param prompt the prompt text
 * @param completions completion texts, sample-index order
 * @param rewards in [0, 1], one per completion; a verifier ERROR/TIMEOUT counts as reward 0
 * @param samplingLogprobs sum of completion token log-probs under the sampling policy
 * @param policyVersion the policy version that sampled them
 */
public record ScoredGroup(
    String promptId, int attempt, String prompt, List<String> completions, double[] rewards,
    double[] samplingLogprobs, long policyVersion) {

  public ScoredGroup {
    completions = List.copyOf(completions);
    rewards = rewards.clone();
    samplingLogprobs = samplingLogprobs.clone();
    if (rewards.length != completions.size() || samplingLogprobs.length != completions.size()) {
      throw new IllegalArgumentException("group " + promptId + ": " + completions.size()
          + " completions but " + rewards.length + " rewards and " + samplingLogprobs.length
          + " sampling log-probs (need one of each per completion)");
    }
  }

  /** n, the number of samples. */
  public int size() {
    return completions.size();
  }
}
