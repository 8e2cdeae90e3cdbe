package dev.passk.cli.interference;

import dev.passk.math.InterferenceReport;
import dev.passk.tasks.Prompt.Difficulty;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcome of one {@link FixedCheckpointDiagnostic} run.
 *
 * @param settings what was drawn and measured
 * @param sampledPrompts P, the prompts sampled (before the mixture selected some)
 * @param prompts the diagnosed prompts, in stream order (easy before hard under a mixture)
 * @param mixtureCounts the easy and hard prompt counts of D_{d1,d2}; empty without a mixture
 * @param byK one report per requested k
 * @param parameterCount d, the length of a gradient vector before any projection (0 when no
 *     prompt had mixed rewards, so no gradient was needed)
 * @param gradientRows distinct (prompt, completion) sequences whose gradient was taken
 * @param timings where the time went
 */
public record DiagnosticResult(
    DiagnosticSettings settings, int sampledPrompts, List<PromptResult> prompts,
    Optional<MixtureCounts> mixtureCounts, SortedMap<Integer, InterferenceReport> byK,
    long parameterCount, int gradientRows, Timings timings) {

  /**
   * One diagnosed prompt.
   *
   * @param id the prompt's id
   * @param text the prompt's text
   * @param label the latent easy/hard label (interference benchmark only)
   * @param successRate p_hat(x), the mean reward of its n samples
   * @param agreement a_hat(x), the estimated &lt;grad p(x), grad J_1&gt;
   */
  public record PromptResult(
      String id, String text, Optional<Difficulty> label, double successRate, double agreement) {}

  /** Prompt counts of D_{d1,d2}. */
  public record MixtureCounts(int easy, int hard) {}

  /** Wall time of each phase, in seconds. */
  public record Timings(double sampling, double scoring, double gradients, double total) {}

  public DiagnosticResult {
    prompts = List.copyOf(prompts);
    byK = new TreeMap<>(byK);
  }

  /** The report of the largest k: its curve covers k = 1..max(ks). */
  public InterferenceReport curveReport() {
    return byK.get(byK.lastKey());
  }

  /** &lt;g_k, g_1&gt; for k = 1..max(ks). */
  public List<Double> curve() {
    return curveReport().innerProductCurve();
  }

  /** k*: the smallest k with &lt;g_k, g_1&gt; &lt; 0, empty if none up to max(ks). */
  public OptionalInt thresholdK() {
    return curveReport().thresholdK();
  }

  /** The share of diagnosed prompts with a_hat &lt; 0. */
  public double negativeShare() {
    return curveReport().negativeShare();
  }

  /** Mean a_hat(x) over the diagnosed prompts with latent label {@code label}; empty if none. */
  public OptionalDouble meanAgreement(Difficulty label) {
    return prompts.stream().filter(p -> p.label().equals(Optional.of(label)))
        .mapToDouble(PromptResult::agreement).average();
  }

  /** Diagnosed prompts per latent label (empty for tasks without latent labels). */
  public Map<Difficulty, Long> labelCounts() {
    Map<Difficulty, Long> counts = new TreeMap<>();
    prompts.forEach(p -> p.label().ifPresent(l -> counts.merge(l, 1L, Long::sum)));
    return counts;
  }
}
