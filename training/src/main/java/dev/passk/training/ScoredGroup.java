package dev.passk.training;

import dev.passk.policy.Completion;
import dev.passk.policy.Policy;
import dev.passk.policy.Sequence;
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
 * @param completionIds per completion the token ids the sampler drew, ending with the stop token
 *     only when one was sampled: the exact sequence {@code samplingLogprobs} scores. Empty when only
 *     the texts are known; then each text is scored as a finished answer ({@link Policy#encode}:
 *     its ids plus the stop token), which is another sequence for a completion cut off at the
 *     length limit or holding a special token (its decoded text drops it)
 */
public record ScoredGroup(
    String promptId, int attempt, String prompt, List<String> completions, double[] rewards,
    double[] samplingLogprobs, long policyVersion, List<long[]> completionIds) {

  public ScoredGroup {
    completions = List.copyOf(completions);
    rewards = rewards.clone();
    samplingLogprobs = samplingLogprobs.clone();
    completionIds = completionIds.stream().map(long[]::clone).toList();
    if (rewards.length != completions.size() || samplingLogprobs.length != completions.size()) {
      throw new IllegalArgumentException("group " + promptId + ": " + completions.size()
          + " completions but " + rewards.length + " rewards and " + samplingLogprobs.length
          + " sampling log-probs (need one of each per completion)");
    }
    if (!completionIds.isEmpty() && completionIds.size() != completions.size()) {
      throw new IllegalArgumentException("group " + promptId + ": " + completions.size()
          + " completions but " + completionIds.size() + " token-id lists (need one per "
          + "completion, or none to re-encode the texts)");
    }
    if (completionIds.stream().anyMatch(ids -> ids.length == 0)) {
      throw new IllegalArgumentException("group " + promptId + ": a completion has no token ids; "
          + "a sampled completion has at least one token (raise max-new-tokens above 0)");
    }
  }

  /** A group known only by its texts: each completion is scored as a finished answer. */
  public ScoredGroup(String promptId, int attempt, String prompt, List<String> completions,
      double[] rewards, double[] samplingLogprobs, long policyVersion) {
    this(promptId, attempt, prompt, completions, rewards, samplingLogprobs, policyVersion,
        List.of());
  }

  /**
   * The group of completions {@code policy.sample} drew (at version {@code policyVersion}), with
   * their sampled ids and sampling log-probs.
   */
  public static ScoredGroup sampled(String promptId, String prompt, List<Completion> completions,
      double[] rewards, long policyVersion) {
    return new ScoredGroup(promptId, 0, prompt, completions.stream().map(Completion::text).toList(),
        rewards, completions.stream().mapToDouble(Completion::logprob).toArray(), policyVersion,
        completions.stream().map(Completion::tokenIds).toList());
  }

  /**
   * One group per prompt of a batch {@code policy.sample} drew at version {@code policyVersion}:
   * prompt p's completions {@code completions.get(p)} with rewards {@code rewards.get(p)}.
   */
  public static List<ScoredGroup> sampled(List<dev.passk.tasks.Prompt> prompts,
      List<List<Completion>> completions, List<double[]> rewards, long policyVersion) {
    List<ScoredGroup> groups = new java.util.ArrayList<>(prompts.size());
    for (int p = 0; p < prompts.size(); p++) {
      groups.add(sampled(prompts.get(p).id(), prompts.get(p).text(), completions.get(p), rewards.get(p),
          policyVersion));
    }
    return groups;
  }

  /** n, the number of samples. */
  public int size() {
    return completions.size();
  }

  /**
   * The sequences {@code policy} scores and trains on, sample-index order: the prompt's ids and
   * each completion's sampled ids (or, without them, its text as a finished answer).
   */
  public List<Sequence> sequences(Policy policy) {
    if (completionIds.isEmpty()) {
      return completions.stream().map(c -> policy.encode(prompt, c)).toList();
    }
    long[] promptIds = policy.tokenizer().encodePrompt(prompt);
    return completionIds.stream().map(ids -> new Sequence(promptIds, ids)).toList();
  }
}
