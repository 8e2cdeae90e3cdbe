package dev.passk.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passk.schemas.Evaluation;
import dev.passk.schemas.InterferenceMetrics;
import dev.passk.schemas.LearnerMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary row of one run: where it ended and how often pass@k fought pass@1.
 *
 * @param runId the run
 * @param objective its objective
 * @param steps the last learner step seen
 * @param finalPass1 held-out pass@1 of the last evaluation; null before the first
 * @param k the largest k of the last evaluation's pass@k map; null when there is none
 * @param finalPassK held-out pass@k at that k; null when there is none
 * @param interferenceSteps steps that carried an interference report
 * @param negativeInnerShare fraction of those steps with {@code <g_k, g_1> < 0}; null when none
 * @param kStar k* of the last interference report (smallest k with {@code <g_k, g_1> < 0}); null when
 *     none was reported or the last report found no such k
 */
public record RunSummary(String runId, String objective, long steps, Double finalPass1, Integer k,
    Double finalPassK, int interferenceSteps, Double negativeInnerShare, Integer kStar) {

  /** Summarises a whole run. */
  public static RunSummary of(RunMetrics run) {
    Accumulator acc = new Accumulator();
    run.steps().forEach(acc::add);
    return acc.summary();
  }

  /** The row as JSON for the charts' summary table (keys are the component names). */
  public ObjectNode toJson() {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    row.put("runId", runId).put("objective", objective).put("steps", steps)
        .put("finalPass1", finalPass1).put("k", k).put("finalPassK", finalPassK)
        .put("interferenceSteps", interferenceSteps).put("negativeInnerShare", negativeInnerShare)
        .put("kStar", kStar);
    return row;
  }

  /** A plain-text table of the rows, for a terminal. */
  public static String table(List<RunSummary> rows) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-24s %-11s %6s %8s %14s %12s %5s%n",
        "run", "objective", "steps", "pass@1", "pass@k", "<gk,g1><0", "k*"));
    for (RunSummary r : rows) {
      out.append(String.format(Locale.ROOT, "%-24s %-11s %6d %8s %14s %12s %5s%n", r.runId, r.objective,
          r.steps, fixed(r.finalPass1), r.k == null ? "-" : fixed(r.finalPassK) + " (k=" + r.k + ")",
          r.negativeInnerShare == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r.negativeInnerShare),
          r.kStar == null ? "none" : r.kStar.toString()));
    }
    return out.toString();
  }

  private static String fixed(Double x) {
    return x == null ? "-" : String.format(Locale.ROOT, "%.3f", x);
  }

  /** Builds the summary one record at a time (the live dashboard) or over a whole run. */
  public static final class Accumulator {
    private String runId;
    private String objective;
    private long lastStep = Long.MIN_VALUE;
    private long lastEvaluationStep = Long.MIN_VALUE;
    private Evaluation lastEvaluation;
    private long lastInterferenceStep = Long.MIN_VALUE;
    private InterferenceMetrics lastInterference;
    private int interferenceSteps;
    private int negativeInnerSteps;

    /** Adds a record of this accumulator's run (records may come in any step order). */
    public void add(LearnerMetrics m) {
      if (runId != null && !runId.equals(m.getRunId())) {
        throw new IllegalArgumentException("record of run " + m.getRunId() + " added to the summary of " + runId);
      }
      runId = m.getRunId();
      if (m.getStep() >= lastStep) {
        lastStep = m.getStep();
        objective = m.getObjective();
      }
      if (m.getEvaluation() != null && m.getStep() >= lastEvaluationStep) {
        lastEvaluationStep = m.getStep();
        lastEvaluation = m.getEvaluation();
      }
      InterferenceMetrics interference = m.getInterference();
      if (interference != null) {
        interferenceSteps++;
        if (interference.getInnerKOne() < 0) {
          negativeInnerSteps++;
        }
        if (m.getStep() >= lastInterferenceStep) {
          lastInterferenceStep = m.getStep();
          lastInterference = interference;
        }
      }
    }

    public RunSummary summary() {
      if (runId == null) {
        throw new IllegalStateException("no record added yet");
      }
      Integer k = null;
      Double passK = null;
      if (lastEvaluation != null && !lastEvaluation.getPassAtK().isEmpty()) {
        Map.Entry<String, Double> largest = lastEvaluation.getPassAtK().entrySet().stream()
            .max((a, b) -> Integer.compare(Integer.parseInt(a.getKey()), Integer.parseInt(b.getKey()))).orElseThrow();
        k = Integer.parseInt(largest.getKey());
        passK = largest.getValue();
      }
      return new RunSummary(runId, objective, lastStep, lastEvaluation == null ? null : lastEvaluation.getPass1(),
          k, passK, interferenceSteps,
          interferenceSteps == 0 ? null : (double) negativeInnerSteps / interferenceSteps,
          lastInterference == null ? null : lastInterference.getKStar());
    }
  }
}
