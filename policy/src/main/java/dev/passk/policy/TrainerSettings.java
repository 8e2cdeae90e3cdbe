package dev.passk.policy;

/**
 * AdamW (Loshchilov and Hutter 2019) with global-norm gradient clipping.
 *
 * @param learningRate step size eta
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param epsilon added to sqrt(v_hat)
 * @param weightDecay decoupled decay applied to matrices only (not to norms or biases)
 * @param maxGradNorm clip the global gradient norm to this; infinity disables clipping
 */
public record TrainerSettings(
    double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
    double maxGradNorm) {

  public TrainerSettings {
    if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)
        || !(epsilon > 0) || !(weightDecay >= 0) || !(maxGradNorm > 0)) {
      throw new IllegalArgumentException("invalid trainer settings " + this
          + ": need learningRate > 0, beta1 and beta2 in [0, 1), epsilon > 0, weightDecay >= 0, "
          + "maxGradNorm > 0");
    }
  }

  /** AdamW defaults that warm-start the tiny model: lr 3e-3, betas (0.9, 0.99), wd 0.01, clip 1. */
  public static TrainerSettings defaults() {
    return new TrainerSettings(3e-3, 0.9, 0.99, 1e-8, 0.01, 1.0);
  }

  public TrainerSettings withLearningRate(double rate) {
    return new TrainerSettings(rate, beta1, beta2, epsilon, weightDecay, maxGradNorm);
  }
}
