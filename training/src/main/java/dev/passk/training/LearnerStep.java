package dev.passk.training;

import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import java.util.List;

/**
 * The update: advantages for the objective, staleness filter, importance ratio, AdamW step,
 * diagnostics. Single-threaded: the thread that calls {@link #apply} owns the gradients (one
 * GradientCollector per JVM).
 */
public final class LearnerStep implements AutoCloseable {

  private final Policy policy;
  private final ObjectiveSettings objective;
  private final UpdateSettings update;
  private final PolicyTrainer trainer;

  public LearnerStep(Policy policy, ObjectiveSettings objective, UpdateSettings update) {
    this.policy = policy;
    this.objective = objective;
    this.update = update;
    this.trainer = new PolicyTrainer(policy, update.trainer());
  }

  /** Applies one update built from {@code groups} (the policy is at {@code currentVersion}). */
  public StepOutcome apply(List<ScoredGroup> groups, long currentVersion) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public PolicyTrainer trainer() {
    return trainer;
  }

  /** Updates applied so far. */
  public long steps() {
    return trainer.steps();
  }

  @Override
  public void close() {
    trainer.close();
  }
}
