package dev.passk.sampler;

import dev.passk.schemas.Prompt;
import java.util.Optional;

/** Which announced versions a sampler takes and which prompts a held policy may sample. */
public final class VersionRules {

  private VersionRules() {}

  /**
   * Whether to switch from {@code held} to an announcement of {@code runId} at {@code version}.
   * Only the followed run counts when one is configured; an announcement of another run than the
   * held one starts following that run (announcements share one partition, so a later record is a
   * later run); within a run only a newer version replaces the held one.
   */
  public static boolean takes(PolicyIdentity held, String runId, long version, Optional<String> followedRun) {
    if (followedRun.isPresent() && !followedRun.get().equals(runId)) {
      return false;
    }
    if (held.runId().isEmpty() || !held.runId().get().equals(runId)) {
      return true;
    }
    return version > held.version();
  }

  /**
   * Whether {@code held} may sample {@code prompt}: it must be the start policy (version 0 of any
   * run) or a version of the prompt's run, no older than {@code minPolicyVersion - maxStaleness}.
   */
  public static boolean serves(PolicyIdentity held, Prompt prompt, long maxStaleness) {
    boolean sameRun = held.runId().isEmpty() || held.runId().get().equals(prompt.getRunId());
    return sameRun && held.version() + maxStaleness >= prompt.getMinPolicyVersion();
  }
}
