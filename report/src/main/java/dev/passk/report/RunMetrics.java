package dev.passk.report;

import dev.passk.schemas.LearnerMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one training run, ordered by step.
 *
 * @param runId the run (every record's {@code runId})
 * @param objective the run's objective (pass1, passk, adaptive-k, projection), from its records
 * @param steps one record per learner step, ascending
 */
public record RunMetrics(String runId, String objective, List<LearnerMetrics> steps) {

  public RunMetrics {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("run " + runId + " has no metrics records");
    }
    for (LearnerMetrics m : steps) {
      if (!m.getRunId().equals(runId)) {
        throw new IllegalArgumentException("record of run " + m.getRunId() + " given as part of run " + runId);
      }
    }
    steps = steps.stream().sorted(Comparator.comparingLong(LearnerMetrics::getStep)).toList();
  }

  /** The records of one run (at least one); run id and objective are taken from the last record. */
  public static RunMetrics of(List<LearnerMetrics> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one metrics record");
    }
    LearnerMetrics last = steps.get(steps.size() - 1);
    return new RunMetrics(last.getRunId(), last.getObjective(), steps);
  }

  /** Splits records of any number of runs by run id, runs in order of first appearance. */
  public static List<RunMetrics> byRun(Collection<LearnerMetrics> records) {
    Map<String, List<LearnerMetrics>> runs = new LinkedHashMap<>();
    for (LearnerMetrics m : records) {
      runs.computeIfAbsent(m.getRunId(), id -> new ArrayList<>()).add(m);
    }
    return runs.values().stream().map(RunMetrics::of).toList();
  }
}
