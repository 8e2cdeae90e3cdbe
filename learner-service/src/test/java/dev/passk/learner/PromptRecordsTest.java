package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PromptRecordsTest {

  @Test
  void minPolicyVersionLeavesRoomForTheStalenessTheLearnerAccepts() {
    // the demo: a version every 2 steps, groups up to 8 steps stale kept; newest 10: 10 - (8 - 2)
    assertEquals(4, PromptRecords.minPolicyVersion(10, 8, 2));
    // max staleness == checkpoint interval: only the newest version
    assertEquals(10, PromptRecords.minPolicyVersion(10, 5, 5));
    // never below the start policy
    assertEquals(0, PromptRecords.minPolicyVersion(2, 1000, 2));
  }
}
