package dev.passk.training;

import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Atomic learner checkpoints: writes dir/tmp-*, fsyncs, renames to dir/step-&lt;n&gt;, keeps the
 * newest 2. Contents: the policy checkpoint folder (Policy.save), optimizer moments and step
 * (PolicyTrainer), progress JSON.
 */
public final class LearnerCheckpoint {

  public static Path save(Path dir, Policy policy, PolicyTrainer trainer, LearnerProgress progress)
      throws IOException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The newest complete checkpoint in {@code dir}; empty if none. */
  public static Optional<LearnerCheckpoint> latest(Path dir) throws IOException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Load with Policy.load(policyDir(), device). */
  public Path policyDir() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public LearnerProgress progress() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public void restoreOptimizer(PolicyTrainer trainer) throws IOException {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
