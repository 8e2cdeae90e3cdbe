package dev.passk.learner;

import dev.passk.schemas.Completion;
import dev.passk.schemas.Score;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.VerificationStatus;
import dev.passk.training.ScoredGroup;
import java.util.Comparator;
import java.util.List;

/** Turns a {@code scored-rollouts} record into the group the learner trains on. */
public final class ScoredGroups {

  private ScoredGroups() {}

  /**
   * Completions and scores paired by sampleIndex; a score whose status is not OK counts as reward 0
   * (the verifier says why; {@link #failedVerifications} counts them). The group keeps each
   * completion's sampled token ids, so the learner scores exactly the sequence whose sampling
   * log-prob the record carries (a completion cut off at the length limit has no stop token).
   *
   * @throws IllegalArgumentException when the scores do not cover the completions one to one
   */
  public static ScoredGroup toGroup(ScoredRollout scored) {
    List<Completion> completions = scored.getRollout().getCompletions().stream()
        .sorted(Comparator.comparingInt(Completion::getSampleIndex)).toList();
    List<Score> scores = scored.getScores().stream()
        .sorted(Comparator.comparingInt(Score::getSampleIndex)).toList();
    String promptId = scored.getRollout().getPrompt().getPromptId();
    if (completions.size() != scores.size()) {
      throw new IllegalArgumentException("scored rollout of " + promptId + " has " + completions.size()
          + " completions but " + scores.size() + " scores");
    }
    double[] rewards = new double[scores.size()];
    double[] logprobs = new double[scores.size()];
    for (int i = 0; i < scores.size(); i++) {
      Score score = scores.get(i);
      if (score.getSampleIndex() != completions.get(i).getSampleIndex()) {
        throw new IllegalArgumentException("scored rollout of " + promptId + ": score for sample "
            + score.getSampleIndex() + " where sample " + completions.get(i).getSampleIndex() + " is");
      }
      rewards[i] = score.getStatus() == VerificationStatus.OK ? score.getReward() : 0;
      logprobs[i] = completions.get(i).getLogprob();
    }
    return new ScoredGroup(promptId, scored.getRollout().getPrompt().getAttempt(),
        scored.getRollout().getPrompt().getText(),
        completions.stream().map(Completion::getText).toList(), rewards, logprobs,
        scored.getRollout().getPolicyVersion(), completions.stream().map(ScoredGroups::tokenIds).toList());
  }

  /** The ids the sampler drew, stop token included when sampled: the sequence its logprob scores. */
  private static long[] tokenIds(Completion completion) {
    return completion.getTokenIds().stream().mapToLong(Integer::longValue).toArray();
  }

  /** Scores whose verifier failed or timed out. */
  public static long failedVerifications(ScoredRollout scored) {
    return scored.getScores().stream().filter(s -> s.getStatus() != VerificationStatus.OK).count();
  }
}
