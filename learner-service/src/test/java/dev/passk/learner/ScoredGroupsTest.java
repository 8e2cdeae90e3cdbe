package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.ScoredRollout;
import dev.passk.training.ImportanceRatioStatistics;
import dev.passk.training.LearnerStep;
import dev.passk.training.ObjectiveSettings;
import dev.passk.training.ScoredGroup;
import dev.passk.training.UpdateSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoredGroupsTest {

  @Test
  void completionsAndScoresArePairedBySampleIndexWhateverTheirOrderOnTheWire() {
    ScoredRollout scored = Fixtures.scored(Fixtures.prompt("r", "p@4", 2), 3, 1, 0, 0.5);
    scored.getRollout().getCompletions().forEach(c -> c.setTokenIds(List.of(40 + c.getSampleIndex(), 2)));
    List<Completion> shuffled = new ArrayList<>(scored.getRollout().getCompletions());
    Collections.reverse(shuffled);
    scored.getRollout().setCompletions(shuffled);
    ScoredGroup group = ScoredGroups.toGroup(scored);
    assertEquals("p@4", group.promptId());
    assertEquals(2, group.attempt());
    assertEquals(3, group.policyVersion());
    assertEquals("1+1=", group.prompt());
    assertEquals(List.of("c0", "c1", "c2"), group.completions());
    assertArrayEquals(new double[] {1, 0, 0.5}, group.rewards(), 0);
    assertArrayEquals(new double[] {-1, -2, -3}, group.samplingLogprobs(), 0);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(new long[] {40 + i, 2}, group.completionIds().get(i), "sample " + i);
    }
  }

  /**
   * The learner's path from the wire: a sampler's rollout (ids as ints, per-token log-probs as
   * floats, their sum as a double, as RolloutSampling writes it) re-scored at the version that drew
   * it gives importance ratio 1, also for completions cut off at the length limit (no stop token)
   * or holding a special token the text leaves out.
   */
  @Test
  void aRolloutRescoredByTheWeightsThatDrewItHasRatioOne() throws Exception {
    try (Policy policy = Policy.tiny(3, Device.cpu());
        LearnerStep step = new LearnerStep(policy, ObjectiveSettings.parse("pass1", "pkpo", 2),
            UpdateSettings.defaults().withDiagnostics(false))) {
      List<String> texts = List.of("s=+0.10?", "s=-0.40?", "s=+0.90?");
      List<List<dev.passk.policy.Completion>> drawn =
          policy.sample(texts, 8, new SamplingSettings(1, 1, 3), 11);
      assertTrue(drawn.stream().flatMap(List::stream).anyMatch(
          c -> c.finishReason() == dev.passk.policy.Completion.FinishReason.LENGTH),
          "the fixture has completions cut off at the length limit");
      List<ScoredGroup> groups = new ArrayList<>();
      for (int x = 0; x < texts.size(); x++) {
        double[] rewards = new double[8];
        List<Completion> records = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          rewards[i] = (i + x) % 3 == 0 ? 1 : 0;
          records.add(record(i, drawn.get(x).get(i)));
        }
        ScoredRollout scored = Fixtures.scored(Fixtures.prompt("r", "p@" + x, 0), 0, rewards);
        scored.getRollout().getPrompt().setText(texts.get(x));
        scored.getRollout().setCompletions(records);
        groups.add(ScoredGroups.toGroup(scored));
      }
      ImportanceRatioStatistics ratios = step.apply(groups, 0).importanceRatios();
      assertTrue(ratios.maxAbsLogRatio() < 1e-4, "fresh samples: " + ratios);
    }
  }

  /** The wire form of a sampled completion, as the sampler writes it. */
  private static Completion record(int index, dev.passk.policy.Completion c) {
    return Completion.newBuilder().setSampleIndex(index).setText(c.text())
        .setTokenIds(Arrays.stream(c.tokenIds()).mapToObj(id -> (int) id).toList())
        .setTokenLogprobs(Arrays.stream(c.tokenLogprobs()).mapToObj(lp -> (float) lp).toList())
        .setLogprob(c.logprob()).setFinishReason(FinishReason.valueOf(c.finishReason().name()))
        .build();
  }

  @Test
  void aFailedVerificationCountsAsRewardZeroAndIsCounted() {
    ScoredRollout scored = Fixtures.scored(Fixtures.prompt("r", "p@0", 0), 0, 1, -1, 1);
    scored.getScores().get(1).setReward(0.7); // a verifier that wrongly left a reward on an error
    assertArrayEquals(new double[] {1, 0, 1}, ScoredGroups.toGroup(scored).rewards(), 0);
    assertEquals(1, ScoredGroups.failedVerifications(scored));
  }

  @Test
  void scoresThatDoNotCoverTheCompletionsAreRefusedNamingThePrompt() {
    ScoredRollout missing = Fixtures.scored(Fixtures.prompt("r", "p@1", 0), 0, 1, 0);
    missing.setScores(List.of(missing.getScores().get(0)));
    assertEquals("scored rollout of p@1 has 2 completions but 1 scores",
        assertThrows(IllegalArgumentException.class, () -> ScoredGroups.toGroup(missing)).getMessage());
    ScoredRollout shifted = Fixtures.scored(Fixtures.prompt("r", "p@2", 0), 0, 1, 0);
    shifted.getScores().get(1).setSampleIndex(5);
    assertThrows(IllegalArgumentException.class, () -> ScoredGroups.toGroup(shifted));
  }
}
