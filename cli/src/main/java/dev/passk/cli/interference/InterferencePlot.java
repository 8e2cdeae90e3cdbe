package dev.passk.cli.interference;

import dev.passk.cli.interference.DiagnosticResult.PromptResult;
import dev.passk.tasks.Prompt.Difficulty;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A self-contained SVG of one diagnostic, two panels: the curve k -&gt; &lt;g_k, g_1&gt; with k*
 * marked, and a_hat(x) against p_hat(x) per prompt (coloured by latent label when there is one).
 * Deliberately minimal: the run report's charts live in the {@code report} module.
 */
public final class InterferencePlot {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 320;
  private static final int TOP = 40;
  private static final int BOTTOM = 270;
  private static final String EASY = "#1f77b4";
  private static final String HARD = "#ff7f0e";
  private static final String UNLABELLED = "#555555";
  private static final String NEGATIVE = "#d62728";

  private InterferencePlot() {}

  /** The SVG document. */
  public static String svg(DiagnosticResult result) {
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
        + " height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    curvePanel(svg, result, 70, 350);
    scatterPanel(svg, result, 450, 730);
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** &lt;g_k, g_1&gt; for k = 1..K as a line, with a zero line and k* marked. */
  private static void curvePanel(StringBuilder svg, DiagnosticResult result, int left, int right) {
    List<Double> curve = result.curve();
    int maxK = curve.size();
    Axis y = Axis.of(curve.stream().mapToDouble(Double::doubleValue).toArray());
    title(svg, (left + right) / 2, "<g_k, g_1> over k (k* = "
        + (result.thresholdK().isPresent() ? result.thresholdK().getAsInt() : "none") + ")");
    frame(svg, left, right, y);
    StringBuilder points = new StringBuilder();
    for (int k = 1; k <= maxK; k++) {
      double px = xOf(k, 1, Math.max(2, maxK), left, right);
      double py = y.pixel(curve.get(k - 1));
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n",
          px, py, curve.get(k - 1) < 0 ? NEGATIVE : EASY));
    }
    svg.append("<polyline fill=\"none\" stroke=\"" + EASY + "\" points=\"" + points.toString().trim()
        + "\"/>\n");
    if (result.thresholdK().isPresent()) {
      double px = xOf(result.thresholdK().getAsInt(), 1, Math.max(2, maxK), left, right);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
          + " stroke=\"%s\" stroke-dasharray=\"4 3\"/>%n", px, TOP, px, BOTTOM, NEGATIVE));
    }
    label(svg, left, BOTTOM + 14, "start", "1");
    label(svg, right, BOTTOM + 14, "end", Integer.toString(maxK));
    label(svg, (left + right) / 2, BOTTOM + 28, "middle", "k");
  }

  /** a_hat(x) against p_hat(x), one dot per prompt. */
  private static void scatterPanel(StringBuilder svg, DiagnosticResult result, int left, int right) {
    List<PromptResult> prompts = result.prompts();
    Axis y = Axis.of(prompts.stream().mapToDouble(PromptResult::agreement).toArray());
    title(svg, (left + right) / 2, "agreement a_hat(x) by success p_hat(x)");
    frame(svg, left, right, y);
    for (PromptResult p : prompts) {
      svg.append(String.format(Locale.ROOT,
          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" fill-opacity=\"0.6\"/>%n",
          xOf(p.successRate(), 0, 1, left, right), y.pixel(p.agreement()), colour(p.label())));
    }
    label(svg, left, BOTTOM + 14, "start", "0");
    label(svg, right, BOTTOM + 14, "end", "1");
    label(svg, (left + right) / 2, BOTTOM + 28, "middle", "p_hat");
    if (!result.labelCounts().isEmpty()) {
      legend(svg, left + 8, TOP + 10, EASY, "easy");
      legend(svg, left + 8, TOP + 24, HARD, "hard");
    }
  }

  private static String colour(Optional<Difficulty> label) {
    return label.map(l -> l == Difficulty.HARD ? HARD : EASY).orElse(UNLABELLED);
  }

  /** The plot box, the zero line (dashed) and the y range's end values. */
  private static void frame(StringBuilder svg, int left, int right, Axis y) {
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
        + " fill=\"none\" stroke=\"#999\"/>%n", left, TOP, right - left, BOTTOM - TOP));
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
        + " stroke=\"#999\" stroke-dasharray=\"2 2\"/>%n", left, y.pixel(0), right, y.pixel(0)));
    label(svg, left - 4, TOP + 4, "end", String.format(Locale.ROOT, "%.1e", y.max));
    label(svg, left - 4, BOTTOM, "end", String.format(Locale.ROOT, "%.1e", y.min));
    label(svg, left - 4, (int) y.pixel(0) + 4, "end", "0");
  }

  private static void legend(StringBuilder svg, int x, int y, String colour, String text) {
    svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>%n",
        x, y - 3, colour));
    label(svg, x + 8, y, "start", text);
  }

  private static void title(StringBuilder svg, int x, String text) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\""
        + " font-size=\"13\">%s</text>%n", x, TOP - 14, escape(text)));
  }

  private static void label(StringBuilder svg, int x, int y, String anchor, String text) {
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, escape(text)));
  }

  private static double xOf(double value, double min, double max, int left, int right) {
    return left + (value - min) / (max - min) * (right - left);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A vertical range that always contains 0, padded by 5%. */
  private record Axis(double min, double max) {

    static Axis of(double[] values) {
      double min = 0;
      double max = 0;
      for (double v : values) {
        min = Double.isFinite(v) ? Math.min(min, v) : min;
        max = Double.isFinite(v) ? Math.max(max, v) : max;
      }
      double pad = max > min ? 0.05 * (max - min) : 1;
      return new Axis(min - pad, max + pad);
    }

    double pixel(double value) {
      return BOTTOM - (value - min) / (max - min) * (BOTTOM - TOP);
    }
  }
}
