package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.ScoredRollout;
import dev.passk.training.ScoredGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoredGroupsTest {

  @Test
  void completionsAndScoresArePairedBySampleIndexWhateverTheirOrderOnTheWire() {
    ScoredRollout scored = Fixtures.scored(Fixtures.prompt("r", "p@4", 2), 3, 1, 0, 0.5);
    // sample 1 was cut off at the length limit: no stop token, and none may be added
    scored.getRollout().getCompletions().forEach(c -> c.setTokenIds(c.getSampleIndex() == 1
        ? List.of(41, 41, 41) : List.of(40 + c.getSampleIndex(), 2)));
    scored.getRollout().getCompletions().get(1).setFinishReason(FinishReason.LENGTH);
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
    assertArrayEquals(new long[] {40, 2}, group.completionIds().get(0));
    assertArrayEquals(new long[] {41, 41, 41}, group.completionIds().get(1));
    assertArrayEquals(new long[] {42, 2}, group.completionIds().get(2));
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
