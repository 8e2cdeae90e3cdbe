package dev.passk.cli.interference;

import dev.passk.cli.interference.DiagnosticResult.PromptResult;
import dev.passk.math.InterferenceReport;
import dev.passk.tasks.Prompt.Difficulty;
import java.util.List;
import java.util.Locale;

/** The human-readable summary of a {@link DiagnosticResult}: a few lines and a table per k. */
public final class DiagnosticSummary {

  private DiagnosticSummary() {}

  public static String text(DiagnosticResult result, String checkpoint, String task) {
    DiagnosticSettings s = result.settings();
    StringBuilder text = new StringBuilder();
    line(text, "interference diagnostic: task %s, checkpoint %s", task, checkpoint);
    line(text, "  %d prompts x %d samples (temperature %s, top-p %s, seed %d); gradients of %s"
            + " (%,d parameters%s) over %d distinct sequences",
        s.prompts(), s.samples(), s.sampling().temperature(), s.sampling().topP(), s.seed(),
        s.parameters().wire(), result.parameterCount(),
        s.projectionDimension() > 0 ? ", projected to " + s.projectionDimension() : "",
        result.gradientRows());
    result.mixtureCounts().ifPresent(c -> line(text,
        "  mixture D_{%s,%s}: %d easy (p_hat > %s) + %d hard (p_hat < %s)",
        s.mixture().get().easyAbove(), s.mixture().get().hardBelow(), c.easy(),
        s.mixture().get().easyAbove(), c.hard(), s.mixture().get().hardBelow()));
    List<PromptResult> prompts = result.prompts();
    long negative = prompts.stream().filter(p -> p.agreement() < 0).count();
    line(text, "  diagnosed %d prompts, mean p_hat %.3f; negatively interfering (a_hat < 0): %d"
            + " (%.1f%%)", prompts.size(),
        prompts.stream().mapToDouble(PromptResult::successRate).average().orElse(Double.NaN),
        negative, 100 * result.negativeShare());
    for (Difficulty label : Difficulty.values()) {
      result.meanAgreement(label).ifPresent(mean -> line(text,
          "  latent %-4s: %3d prompts, mean p_hat %.3f, mean a_hat %+.3e", DiagnosticJson.wire(label),
          result.labelCounts().get(label), prompts.stream()
              .filter(p -> p.label().filter(label::equals).isPresent())
              .mapToDouble(PromptResult::successRate).average().orElseThrow(), mean));
    }
    line(text, "");
    line(text, "  %4s  %12s  %8s  %12s  %12s  %14s", "k", "<g_k,g_1>", "cos", "||g_k||",
        "||g_1||", "neg. w_k mass");
    result.byK().forEach((k, report) -> line(text, "  %4d  %+12.4e  %8s  %12.4e  %12.4e  %14.3f",
        k, report.innerProduct(), cosine(report), report.normPassAtK(), report.normPass1(),
        report.negativeWeightMass()));
    line(text, "");
    line(text, "  k* = %s", result.thresholdK().isPresent()
        ? result.thresholdK().getAsInt() + " (the smallest k with <g_k, g_1> < 0)"
        : "none: <g_k, g_1> >= 0 for every k <= " + s.maxK());
    StringBuilder curve = new StringBuilder();
    List<Double> values = result.curve();
    for (int k = 1; k <= values.size(); k++) {
      curve.append(String.format(Locale.ROOT, "%s%d:%+.3e", k == 1 ? "" : " ", k, values.get(k - 1)));
    }
    line(text, "  curve <g_k,g_1>, k = 1..%d: %s", values.size(), curve);
    line(text, "  time: %.1f s (sampling %.1f, scoring %.1f, gradients %.1f)",
        result.timings().total(), result.timings().sampling(), result.timings().scoring(),
        result.timings().gradients());
    return text.toString();
  }

  private static String cosine(InterferenceReport report) {
    return Double.isFinite(report.cosine())
        ? String.format(Locale.ROOT, "%+.3f", report.cosine()) : "n/a";
  }

  private static void line(StringBuilder text, String format, Object... args) {
    text.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
