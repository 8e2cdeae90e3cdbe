package dev.passk.tasks;

import dev.passk.tasks.Prompt.Difficulty;
import dev.passk.tasks.Prompt.Latent;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The paper's toy as a text task (science.md sections 2 and 6): each prompt has a latent label,
 * hard with probability {@code hardShare}; its feature is {@code s ~ N(+separation/2, sd^2)} when
 * easy and {@code N(-separation/2, sd^2)} when hard, clamped to [-1, 1] and rounded to one of
 * {@code bins} evenly spaced centres, which is all the prompt shows ({@code "s=+0.30?"}). The right
 * answer is {@value #EASY_ANSWER} for easy prompts and {@value #HARD_ANSWER} for hard ones, so within
 * a bin easy and hard prompts read the same and conflict by construction.
 */
public final class InterferenceBenchmark implements Task {

  public static final String NAME = "interference";
  public static final String EASY_ANSWER = "A";
  public static final String HARD_ANSWER = "B";
  /** The verifier: the completion must equal the answer letter. */
  public static final String VERIFIER = "exact-match";

  private final double hardShare;
  private final double separation;
  private final double sd;
  private final int bins;

  /**
   * @param hardShare P(hard), in [0, 1]; science.md section 6 uses 0.2
   * @param separation distance between the two means; section 6 uses 1.0 (means +-0.5)
   * @param sd standard deviation of both Gaussians; section 6 uses 0.5
   * @param bins number of feature values the prompt can show, at least 2; section 6 uses 21
   */
  public InterferenceBenchmark(double hardShare, double separation, double sd, int bins) {
    if (!(hardShare >= 0 && hardShare <= 1)) {
      throw new IllegalArgumentException("hardShare must be in [0, 1], got " + hardShare);
    }
    if (!(separation >= 0)) {
      throw new IllegalArgumentException("separation must be >= 0, got " + separation);
    }
    if (!(sd > 0)) {
      throw new IllegalArgumentException("sd must be > 0, got " + sd);
    }
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be >= 2, got " + bins);
    }
    this.hardShare = hardShare;
    this.separation = separation;
    this.sd = sd;
    this.bins = bins;
  }

  /** The calibration setting of science.md section 6. */
  public static InterferenceBenchmark paperDefaults() {
    return new InterferenceBenchmark(0.2, 1.0, 0.5, 21);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Prompt prompt(long seed, long index) {
    SplittableRandom random = Seeds.forPrompt(seed, index);
    Difficulty label = random.nextDouble() < hardShare ? Difficulty.HARD : Difficulty.EASY;
    double mean = label == Difficulty.EASY ? separation / 2 : -separation / 2;
    double feature = mean + sd * random.nextGaussian();
    String answer = label == Difficulty.EASY ? EASY_ANSWER : HARD_ANSWER;
    return new Prompt(
        NAME + "-s" + seed + "-" + index,
        render(bin(feature)),
        answer,
        VERIFIER,
        java.util.Optional.of(new Latent(label, feature)));
  }

  /** The bin of feature {@code s}: the nearest of {@code bins} centres on [-1, 1]. */
  public int bin(double s) {
    double clamped = Math.max(-1, Math.min(1, s));
    return (int) Math.round((clamped + 1) / 2 * (bins - 1));
  }

  /** The centre of bin {@code b}: {@code -1 + 2b/(bins-1)}. */
  public double binCentre(int b) {
    return -1 + 2.0 * b / (bins - 1);
  }

  /** The prompt text of bin {@code b}, e.g. {@code "s=-0.30?"}. */
  public String render(int b) {
    return String.format(Locale.ROOT, "s=%+.2f?", binCentre(b));
  }

  public int bins() {
    return bins;
  }
}
