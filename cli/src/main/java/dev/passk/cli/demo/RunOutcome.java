package dev.passk.cli.demo;

import dev.passk.schemas.Evaluation;
import dev.passk.schemas.LearnerMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a run's evaluations say beyond the report's summary row: held-out pass@1 before training (the
 * first evaluation's pass@1 minus its measured change since the step-0 baseline) and after, and how
 * often the first-order prediction of each pass@1 change (summed predicted changes of the applied
 * updates, science notes section 4) had the sign of the measured change.
 *
 * @param objective the run's objective
 * @param pass1Start held-out pass@1 of the starting policy; NaN without evaluations
 * @param pass1End held-out pass@1 at the last evaluation; NaN without evaluations
 * @param signAgreements evaluations whose predicted and measured pass@1 changes have one sign
 * @param evaluations evaluations with both changes known
 */
record RunOutcome(String objective, double pass1Start, double pass1End, int signAgreements, int evaluations) {

  static RunOutcome of(String objective, List<LearnerMetrics> steps) {
    List<Evaluation> evals = steps.stream().map(LearnerMetrics::getEvaluation).filter(Objects::nonNull).toList();
    if (evals.isEmpty()) {
      return new RunOutcome(objective, Double.NaN, Double.NaN, 0, 0);
    }
    Evaluation first = evals.get(0);
    int agree = 0;
    int known = 0;
    for (Evaluation e : evals) {
      double measured = e.getMeasuredPass1Change();
      double predicted = e.getPredictedPass1Change();
      if (Double.isFinite(measured) && Double.isFinite(predicted)) {
        known++;
        agree += Math.signum(measured) == Math.signum(predicted) ? 1 : 0;
      }
    }
    return new RunOutcome(objective, first.getPass1() - first.getMeasuredPass1Change(),
        evals.get(evals.size() - 1).getPass1(), agree, known);
  }

  String line() {
    return String.format(Locale.ROOT, "  %-11s held-out pass@1 %.3f -> %.3f (%+.3f); predicted sign of the pass@1 "
        + "change right in %d of %d evaluations", objective, pass1Start, pass1End, pass1End - pass1Start,
        signAgreements, evaluations);
  }
}
