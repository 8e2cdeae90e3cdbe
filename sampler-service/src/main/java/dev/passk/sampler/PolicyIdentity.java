package dev.passk.sampler;

import java.util.Optional;

/**
 * Which policy a sampler serves.
 *
 * @param runId the training run that announced it; empty for the start policy (the configured
 *     checkpoint or the tiny default), which counts as version 0 of any run
 * @param version the announced policy version (0 for the start policy)
 * @param sha256 SHA-256 of its model.safetensors, or empty for the tiny default
 */
public record PolicyIdentity(Optional<String> runId, long version, Optional<String> sha256) {

  /** The policy a sampler starts with, before any announcement. */
  public static PolicyIdentity start(Optional<String> sha256) {
    return new PolicyIdentity(Optional.empty(), 0, sha256);
  }

  /** The policy an announcement of {@code runId} at {@code version} names. */
  public static PolicyIdentity announced(String runId, long version, String sha256) {
    return new PolicyIdentity(Optional.of(runId), version, Optional.of(sha256));
  }

  @Override
  public String toString() {
    return "version " + version + " of " + runId.map(r -> "run " + r).orElse("the start policy");
  }
}
