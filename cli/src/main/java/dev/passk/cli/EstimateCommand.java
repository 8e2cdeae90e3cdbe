package dev.passk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passk.math.AdvantageEstimator;
import dev.passk.math.AdvantageEstimators;
import dev.passk.math.PassAtK;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code ./passk estimate --k K --estimator NAME}: one JSON line {"rewards":[...]} per prompt on
 * stdin, one line {"passk": ..., "advantages": [...]} per prompt on stdout. passk is the unbiased
 * pass@k estimate (PKPO's max_g@k for continuous rewards); advantages follow the sum convention of
 * {@link AdvantageEstimator}. Blank lines are skipped; the first bad line stops with exit code 2.
 */
public final class EstimateCommand implements Command {

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public String name() {
    return "estimate";
  }

  @Override
  public String summary() {
    return "pass@k estimate and per-sample advantages of JSON lines {\"rewards\":[...]} (--k K --estimator "
        + String.join("|", AdvantageEstimators.names()) + ")";
  }

  @Override
  public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception {
    CommandLineOptions options = new CommandLineOptions(args, Set.of("k", "estimator"), Set.of());
    int k = options.requireInt("k");
    if (k < 1) {
      throw new UsageException("--k must be at least 1, got " + k);
    }
    AdvantageEstimator estimator;
    try {
      estimator = AdvantageEstimators.byName(options.require("estimator"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      double[] rewards = rewards(line, lineNumber);
      try {
        ObjectNode result = json.createObjectNode();
        result.put("passk", PassAtK.estimate(rewards, k));
        double[] advantages = estimator.advantages(rewards, k);
        result.putArray("advantages").addAll(Arrays.stream(advantages)
            .mapToObj(json.getNodeFactory()::numberNode).toList());
        out.println(json.writeValueAsString(result));
      } catch (IllegalArgumentException e) {
        throw new UsageException("line " + lineNumber + ": " + e.getMessage());
      }
    }
    out.flush();
    return 0;
  }

  private double[] rewards(String line, int lineNumber) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JsonProcessingException e) {
      throw new UsageException("line " + lineNumber + ": not valid JSON (" + e.getOriginalMessage()
          + "); expected {\"rewards\":[1,0,...]}");
    }
    JsonNode rewards = node == null ? null : node.get("rewards");
    if (rewards == null || !rewards.isArray()) {
      throw new UsageException("line " + lineNumber + ": expected an object with a \"rewards\" array, like {\"rewards\":[1,0,1]}");
    }
    if (rewards.isEmpty()) {
      throw new UsageException("line " + lineNumber + ": \"rewards\" is empty; give one reward per sample");
    }
    double[] values = new double[rewards.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode value = rewards.get(i);
      if (!value.isNumber()) {
        throw new UsageException("line " + lineNumber + ": reward " + i + " is " + value + ", not a number");
      }
      values[i] = value.doubleValue();
    }
    return values;
  }
}
