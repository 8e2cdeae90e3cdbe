package dev.passk.cli.interference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passk.cli.interference.DiagnosticResult.PromptResult;
import dev.passk.math.PassAtK;
import dev.passk.tasks.Prompt.Difficulty;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of a {@link DiagnosticResult}. Shape (NaN and absent values are null):
 * <pre>
 * {"checkpoint", "task", "settings": {prompts, samples, k: [..], seed, temperature, topP, maxTokens,
 *    parameters, parameterCount, projection},
 *  "mixture": null | {d1, d2, easy, hard},
 *  "prompts": [{id, text, label: "easy"|"hard"|null, pHat, agreement, w: {"k": w_k(pHat)}}],
 *  "byK": [{k, innerProduct, cosine, normPassAtK, normPass1, negativeWeightMass}],
 *  "curve": [{k, innerProduct}] for k = 1..max(k),  "kStar": int | null,
 *  "negativeShare", "meanAgreementByLabel": {"easy", "hard"} (labelled tasks only),
 *  "gradientRows", "timings": {sampling, scoring, gradients, total} (seconds)}
 * </pre>
 */
public final class DiagnosticJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DiagnosticJson() {}

  /**
   * @param checkpoint how the policy was obtained (a folder)
   * @param task the task spec
   */
  public static ObjectNode of(DiagnosticResult result, String checkpoint, String task) {
    DiagnosticSettings s = result.settings();
    ObjectNode root = JSON.createObjectNode();
    root.put("checkpoint", checkpoint).put("task", task);
    ObjectNode settings = root.putObject("settings");
    settings.put("prompts", s.prompts()).put("samples", s.samples());
    ArrayNode ks = settings.putArray("k");
    s.ks().forEach(ks::add);
    settings.put("seed", s.seed()).put("temperature", s.sampling().temperature())
        .put("topP", s.sampling().topP()).put("maxTokens", s.sampling().maxNewTokens())
        .put("parameters", s.parameters().wire()).put("parameterCount", result.parameterCount());
    if (s.projectionDimension() > 0) {
      settings.put("projection", s.projectionDimension());
    } else {
      settings.putNull("projection");
    }
    if (s.mixture().isPresent()) {
      ObjectNode mixture = root.putObject("mixture");
      mixture.put("d1", s.mixture().get().easyAbove()).put("d2", s.mixture().get().hardBelow());
      result.mixtureCounts().ifPresent(c -> mixture.put("easy", c.easy()).put("hard", c.hard()));
    } else {
      root.putNull("mixture");
    }
    ArrayNode prompts = root.putArray("prompts");
    for (PromptResult p : result.prompts()) {
      ObjectNode node = prompts.addObject();
      node.put("id", p.id()).put("text", p.text());
      if (p.label().isPresent()) {
        node.put("label", wire(p.label().get()));
      } else {
        node.putNull("label");
      }
      node.put("pHat", p.successRate()).put("agreement", p.agreement());
      ObjectNode weights = node.putObject("w");
      s.ks().forEach(k -> weights.put(Integer.toString(k), PassAtK.gradientWeight(p.successRate(), k)));
    }
    ArrayNode byK = root.putArray("byK");
    result.byK().forEach((k, report) -> {
      ObjectNode node = byK.addObject();
      node.put("k", k).put("innerProduct", report.innerProduct());
      number(node, "cosine", report.cosine());
      node.put("normPassAtK", report.normPassAtK()).put("normPass1", report.normPass1())
          .put("negativeWeightMass", report.negativeWeightMass());
    });
    ArrayNode curve = root.putArray("curve");
    List<Double> values = result.curve();
    for (int k = 1; k <= values.size(); k++) {
      curve.addObject().put("k", k).put("innerProduct", values.get(k - 1));
    }
    if (result.thresholdK().isPresent()) {
      root.put("kStar", result.thresholdK().getAsInt());
    } else {
      root.putNull("kStar");
    }
    root.put("negativeShare", result.negativeShare());
    if (!result.labelCounts().isEmpty()) {
      ObjectNode byLabel = root.putObject("meanAgreementByLabel");
      for (Difficulty label : Difficulty.values()) {
        var mean = result.meanAgreement(label);
        if (mean.isPresent()) {
          byLabel.put(wire(label), mean.getAsDouble());
        } else {
          byLabel.putNull(wire(label));
        }
      }
    }
    root.put("gradientRows", result.gradientRows());
    root.putObject("timings").put("sampling", result.timings().sampling())
        .put("scoring", result.timings().scoring()).put("gradients", result.timings().gradients())
        .put("total", result.timings().total());
    return root;
  }

  /** {@code easy} or {@code hard}. */
  static String wire(Difficulty label) {
    return label.name().toLowerCase(Locale.ROOT);
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
