package dev.passk.sampler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.schemas.Prompt;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionRulesTest {

  private static final PolicyIdentity START = PolicyIdentity.start(Optional.empty());
  private static final PolicyIdentity A5 = PolicyIdentity.announced("a", 5, "00");

  @Test
  void takesAnyAnnouncementOverTheStartPolicyAndOnlyNewerVersionsOfTheHeldRun() {
    assertTrue(VersionRules.takes(START, "a", 0, Optional.empty()));
    assertTrue(VersionRules.takes(A5, "a", 6, Optional.empty()));
    assertFalse(VersionRules.takes(A5, "a", 5, Optional.empty()), "same version");
    assertFalse(VersionRules.takes(A5, "a", 4, Optional.empty()), "older version");
    assertTrue(VersionRules.takes(A5, "b", 0, Optional.empty()), "a later run's announcement");
  }

  @Test
  void aFollowedRunIgnoresEveryOtherRun() {
    assertFalse(VersionRules.takes(START, "b", 9, Optional.of("a")));
    assertFalse(VersionRules.takes(A5, "b", 9, Optional.of("a")));
    assertTrue(VersionRules.takes(A5, "a", 9, Optional.of("a")));
  }

  @Test
  void servesAPromptOnlyWithAPolicyOfItsRunNoOlderThanAllowed() {
    assertTrue(VersionRules.serves(A5, prompt("a", 5), 0));
    assertFalse(VersionRules.serves(A5, prompt("a", 6), 0));
    assertTrue(VersionRules.serves(A5, prompt("a", 6), 1), "one version of staleness allowed");
    assertFalse(VersionRules.serves(A5, prompt("b", 0), 100), "another run's weights never serve");
    assertTrue(VersionRules.serves(START, prompt("b", 0), 0), "the start policy is version 0 of any run");
    assertFalse(VersionRules.serves(START, prompt("b", 1), 0));
  }

  static Prompt prompt(String runId, long minPolicyVersion) {
    return Prompt.newBuilder().setRunId(runId).setPromptId("p").setTask("addition").setText("1+1=")
        .setReferenceAnswer("2").setVerifier("numeric").setSamples(1).setMinPolicyVersion(minPolicyVersion)
        .setDispatchedAtMillis(0).build();
  }
}
