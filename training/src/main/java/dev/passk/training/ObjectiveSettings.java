package dev.passk.training;

import dev.passk.math.AdvantageEstimators;
import java.util.Locale;

/**
 * The objective and its k.
 *
 * @param objective what to optimise
 * @param estimator for PASSK/ADAPTIVE_K/PROJECTION: {@code pkpo}, {@code pkpo-loo1} or {@code chen}
 *     (see {@link AdvantageEstimators#byName}); ignored for PASS1, which uses {@code pass1}
 * @param k the pass@k k (the cap K for ADAPTIVE_K)
 * @param kStart the k at step 0 when annealing
 * @param kAnnealSteps linear annealing from kStart to k over this many steps; 0 disables it
 */
public record ObjectiveSettings(
    Objective objective, String estimator, int k, int kStart, int kAnnealSteps) {

  public ObjectiveSettings {
    if (k < 1 || kStart < 1) {
      throw new IllegalArgumentException("k and kStart must be >= 1, got k = " + k + ", kStart = " + kStart);
    }
    if (kAnnealSteps < 0) {
      throw new IllegalArgumentException("kAnnealSteps must be >= 0, got " + kAnnealSteps);
    }
    if (objective != Objective.PASS1) {
      AdvantageEstimators.byName(estimator);
      if (estimator.equals("pass1")) {
        throw new IllegalArgumentException("objective " + objective
            + " needs a pass@k estimator (pkpo, pkpo-loo1 or chen), got pass1; use objective pass1 instead");
      }
    }
  }

  /**
   * @param objective {@code pass1}, {@code passk}, {@code adaptive-k} or {@code projection}
   * @throws IllegalArgumentException naming the valid objectives
   */
  public static ObjectiveSettings parse(String objective, String estimator, int k) {
    Objective parsed = switch (objective.trim().toLowerCase(Locale.ROOT)) {
      case "pass1" -> Objective.PASS1;
      case "passk" -> Objective.PASSK;
      case "adaptive-k" -> Objective.ADAPTIVE_K;
      case "projection" -> Objective.PROJECTION;
      default -> throw new IllegalArgumentException("unknown objective '" + objective
          + "'; valid objectives: pass1, passk, adaptive-k, projection");
    };
    return new ObjectiveSettings(parsed, estimator, k, k, 0);
  }

  /** The same objective with k annealed linearly from {@code start} to k over {@code steps} steps. */
  public ObjectiveSettings withAnnealing(int start, int steps) {
    return new ObjectiveSettings(objective, estimator, k, start, steps);
  }

  /**
   * The k at 0-based step {@code step}: round(kStart + (k - kStart) * min(1, step / kAnnealSteps)),
   * or k without annealing. It is the k of PASSK and PROJECTION updates and the cap K of
   * ADAPTIVE_K; for PASS1 (whose update is pass@1) it is the k that the batch pass@k and the
   * interference curve are reported at.
   */
  public int kAt(long step) {
    if (kAnnealSteps == 0 || step >= kAnnealSteps) {
      return k;
    }
    double fraction = Math.max(0, step) / (double) kAnnealSteps;
    return (int) Math.round(kStart + (k - kStart) * fraction);
  }
}
