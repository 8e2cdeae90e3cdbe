package dev.passk.cli.demo;

import dev.passk.schemas.Evaluation;
import dev.passk.schemas.InterferenceMetrics;
import dev.passk.schemas.LearnerMetrics;
import java.util.Locale;
import java.util.Map;

/** The demo's live line for one learner step: where the run is and how pass@k and pass@1 pull. */
final class ProgressLine {

  private ProgressLine() {}

  /**
   * @param runK the run's k: batchPassK is at it, while the record's k is the k this step's update
   *     used (1 for pass@1, the chosen k for adaptive k)
   */
  static String of(String label, LearnerMetrics m, long steps, int runK, Evaluation lastEval) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "  %-10s step %3d/%-3d %s k=%d | batch pass@1 %.2f pass@%d %.2f", label, m.getStep(), steps,
        bar(m.getStep(), steps), m.getK(), m.getBatchPass1(), runK, m.getBatchPassK()));
    InterferenceMetrics i = m.getInterference();
    if (i != null) {
      line.append(String.format(Locale.ROOT, " | <g_k,g_1> %+.2e cos %+.2f", i.getInnerKOne(), i.getCosine()));
    }
    if (lastEval != null) {
      line.append(String.format(Locale.ROOT, " | eval pass@1 %.3f", lastEval.getPass1()));
      largestK(lastEval.getPassAtK()).ifPresent(e -> line.append(String.format(Locale.ROOT, " pass@%s %.3f",
          e.getKey(), e.getValue())));
    }
    line.append(String.format(Locale.ROOT, " | %.0f samples/s", m.getSamplesPerSecond()));
    return line.toString();
  }

  private static java.util.Optional<Map.Entry<String, Double>> largestK(Map<String, Double> passAtK) {
    return passAtK.entrySet().stream().max((a, b) -> Integer.compare(Integer.parseInt(a.getKey()),
        Integer.parseInt(b.getKey())));
  }

  private static String bar(long step, long steps) {
    int width = 20;
    int filled = (int) Math.min(width, Math.round(width * (double) step / Math.max(1, steps)));
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }
}
