package dev.passk.training;

import dev.passk.policy.PolicyTrainer;
import dev.passk.policy.TrainerSettings;

/**
 * How the learner applies an update.
 *
 * @param trainer AdamW and clipping
 * @param normalisation how weighted log-probs are averaged into the loss (see {@link LearnerStep})
 * @param maxStaleness drop groups whose currentVersion - policyVersion &gt; maxStaleness
 * @param importanceRatioCap truncated importance ratio min(cap, exp(logp_current - logp_sampling))
 *     per sample; &lt;= 0 disables it
 * @param diagnostics compute the interference report every step
 */
public record UpdateSettings(
    TrainerSettings trainer, PolicyTrainer.Normalisation normalisation, int maxStaleness,
    double importanceRatioCap, boolean diagnostics) {

  public UpdateSettings {
    if (maxStaleness < 0) {
      throw new IllegalArgumentException("maxStaleness must be >= 0, got " + maxStaleness);
    }
  }

  /** lr 1e-3, SEQUENCE normalisation, max staleness 4, importance-ratio cap 2, diagnostics on. */
  public static UpdateSettings defaults() {
    return new UpdateSettings(TrainerSettings.defaults().withLearningRate(1e-3),
        PolicyTrainer.Normalisation.SEQUENCE, 4, 2.0, true);
  }

  public UpdateSettings withDiagnostics(boolean on) {
    return new UpdateSettings(trainer, normalisation, maxStaleness, importanceRatioCap, on);
  }

  public UpdateSettings withTrainer(TrainerSettings settings) {
    return new UpdateSettings(settings, normalisation, maxStaleness, importanceRatioCap, diagnostics);
  }
}
