package dev.passk.math;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The paper's toy contextual bandit with exact gradients (science notes sections 2 and 6).
 *
 * <p>A prompt x = (bin, label): a feature s in {@code bins} equally spaced points on [-1, 1] and a
 * latent label. Easy prompts have s ~ N(+m, sd^2), hard ones s ~ N(-m, sd^2), each discretised to
 * the bins (density at the bin, normalised per label), with P(hard) = h. The policy sees only s:
 * two answers, pi(A | s) = sigmoid(theta0 + theta1 s), features psi = [1, s]. Answer A is right for
 * easy prompts and B for hard ones, so
 * <pre>
 *   p(x) = pi(A|s) (easy) or 1 - pi(A|s) (hard);   grad p(x) = +- pi(A|s) (1 - pi(A|s)) psi(s)
 *   J_k  = sum_x D(x) [1 - (1 - p(x))^k];          grad J_k = sum_x D(x) w_k(p(x)) grad p(x)
 *   a(x) = &lt;grad p(x), grad J_1&gt;
 * </pre>
 * Within a bin easy and hard prompts read the same, so they conflict by construction.
 */
public final class InterferenceToyBandit {

  /** One prompt: its feature, latent label and probability under D. */
  public record Prompt(double feature, boolean hard, double weight) {}

  /** One prompt's n sampled answers: rewards r_i and score vectors grad log pi(y_i | x). */
  public record Samples(double[] rewards, double[][] scores) {}

  /** The update directions of the calibration table (notes section 6). */
  public enum Objective {
    /** grad J_1. */
    PASS1,
    /** grad J_k. */
    PASS_K,
    /** grad J_k' with k' the largest k' &lt;= k whose &lt;grad J_k', grad J_1&gt; &gt;= 0. */
    ADAPTIVE_K,
    /** grad J_k with its component along -grad J_1 removed when they conflict (PCGrad). */
    PROJECTION
  }

  private final List<Prompt> prompts;

  /**
   * @param bins number of feature values on [-1, 1] (at least 2)
   * @param separation m: easy features centre on +m, hard on -m
   * @param spread sd of both feature distributions
   * @param hardShare h = P(hard)
   */
  public InterferenceToyBandit(int bins, double separation, double spread, double hardShare) {
    if (bins < 2 || spread <= 0 || hardShare < 0 || hardShare > 1) {
      throw new IllegalArgumentException("need bins >= 2, spread > 0 and 0 <= hardShare <= 1");
    }
    double[] s = IntStream.range(0, bins).mapToDouble(b -> -1.0 + 2.0 * b / (bins - 1)).toArray();
    double[] easy = discretisedNormal(s, separation, spread);
    double[] hard = discretisedNormal(s, -separation, spread);
    List<Prompt> list = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      list.add(new Prompt(s[b], false, (1 - hardShare) * easy[b]));
      list.add(new Prompt(s[b], true, hardShare * hard[b]));
    }
    this.prompts = List.copyOf(list);
  }

  /** The notes' calibration toy: 21 bins, easy N(+0.5, 0.5^2), hard N(-0.5, 0.5^2), 20% hard. */
  public static InterferenceToyBandit paperToy() {
    return new InterferenceToyBandit(21, 0.5, 0.5, 0.2);
  }

  public List<Prompt> prompts() {
    return prompts;
  }

  /** p(x) for every prompt. */
  public double[] successProbabilities(double[] theta) {
    return prompts.stream().mapToDouble(x -> success(theta, x)).toArray();
  }

  /** grad p(x) for every prompt, B x 2. */
  public double[][] successGradients(double[] theta) {
    return prompts.stream().map(x -> {
      double a = answerA(theta, x.feature());
      double slope = (x.hard() ? -1 : 1) * a * (1 - a);
      return new double[] {slope, slope * x.feature()};
    }).toArray(double[][]::new);
  }

  /** J_k = E_D[1 - (1 - p(x))^k]. */
  public double passAtK(double[] theta, int k) {
    return prompts.stream().mapToDouble(x -> x.weight() * PassAtK.objective(success(theta, x), k)).sum();
  }

  /** grad J_k = E_D[w_k(p(x)) grad p(x)]. */
  public double[] gradient(double[] theta, int k) {
    double[] p = successProbabilities(theta);
    double[][] grad = successGradients(theta);
    double[] g = new double[2];
    for (int x = 0; x < p.length; x++) {
      double c = prompts.get(x).weight() * PassAtK.gradientWeight(p[x], k);
      g[0] += c * grad[x][0];
      g[1] += c * grad[x][1];
    }
    return g;
  }

  /** a(x) = <grad p(x), grad J_1> for every prompt. */
  public double[] agreements(double[] theta) {
    double[] g1 = gradient(theta, 1);
    return Arrays.stream(successGradients(theta)).mapToDouble(g -> PromptGradients.dot(g, g1)).toArray();
  }

  /** <grad J_k', grad J_1> for k' = 1..k. */
  public double[] innerProductCurve(double[] theta, int k) {
    double[] g1 = gradient(theta, 1);
    return IntStream.rangeClosed(1, k).mapToDouble(kk -> PromptGradients.dot(gradient(theta, kk), g1)).toArray();
  }

  /** Draws n answers for prompt x: reward 1 when the answer is right, score grad log pi(y | s). */
  public Samples sample(double[] theta, int x, int n, Random random) {
    Prompt prompt = prompts.get(x);
    double a = answerA(theta, prompt.feature());
    double[] rewards = new double[n];
    double[][] scores = new double[n][];
    for (int i = 0; i < n; i++) {
      boolean choseA = random.nextDouble() < a;
      rewards[i] = choseA != prompt.hard() ? 1.0 : 0.0;
      double slope = choseA ? 1 - a : -a; // d log pi(y|s) / d logit
      scores[i] = new double[] {slope, slope * prompt.feature()};
    }
    return new Samples(rewards, scores);
  }

  /** Exact gradient ascent theta += stepSize * direction for {@code steps} steps; returns theta. */
  public double[] train(double[] theta0, Objective objective, int k, int steps, double stepSize) {
    double[] theta = theta0.clone();
    for (int t = 0; t < steps; t++) {
      double[] d = direction(theta, objective, k);
      theta[0] += stepSize * d[0];
      theta[1] += stepSize * d[1];
    }
    return theta;
  }

  /** The update direction of one objective at theta. */
  public double[] direction(double[] theta, Objective objective, int k) {
    return switch (objective) {
      case PASS1 -> gradient(theta, 1);
      case PASS_K -> gradient(theta, k);
      case ADAPTIVE_K -> gradient(theta, ConflictAwareDirection.adaptiveK(innerProductCurve(theta, k)));
      case PROJECTION -> ConflictAwareDirection.project(gradient(theta, k), gradient(theta, 1));
    };
  }

  private static double success(double[] theta, Prompt x) {
    double a = answerA(theta, x.feature());
    return x.hard() ? 1 - a : a;
  }

  private static double answerA(double[] theta, double s) {
    return 1.0 / (1.0 + Math.exp(-(theta[0] + theta[1] * s)));
  }

  private static double[] discretisedNormal(double[] s, double mean, double sd) {
    double[] d = Arrays.stream(s).map(v -> Math.exp(-0.5 * Math.pow((v - mean) / sd, 2))).toArray();
    double total = Arrays.stream(d).sum();
    return Arrays.stream(d).map(v -> v / total).toArray();
  }
}
