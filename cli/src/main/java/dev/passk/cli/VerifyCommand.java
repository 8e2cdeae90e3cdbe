package dev.passk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierFactory;
import dev.passk.verifiers.VerifierRegistry;
import dev.passk.verifiers.VerifierResult;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./passk verify --verifier NAME [--option key=value]... [--time-limit-ms MS]}: scores JSON lines
 * {@code {"completion": "...", "answer": "...", "prompt": "..."}} (prompt optional) from stdin and writes
 * {@code {"reward": r, "status": "ok|error|timeout", "detail": "..."}} per line, with the same
 * {@link VerifierRegistry} and {@link BoundedVerifier} the verifier-service uses. {@code --list} prints
 * the verifiers on the classpath and their options.
 */
public final class VerifyCommand implements Command {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPTION = "--option";

  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String summary() {
    return "score JSON lines {completion, answer} with a verifier: --verifier NAME [--option k=v]... [--list]";
  }

  @Override
  public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception {
    List<String> rest = new ArrayList<>();
    Map<String, String> verifierOptions = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      if (!args.get(i).equals(OPTION)) {
        rest.add(args.get(i));
      } else if (i + 1 >= args.size() || !args.get(i + 1).contains("=") || args.get(i + 1).startsWith("=")) {
        throw new UsageException("--option needs key=value, e.g. --option ignore-case=true");
      } else {
        String pair = args.get(++i);
        verifierOptions.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    CommandLineOptions options = new CommandLineOptions(rest, Set.of("verifier", "time-limit-ms", "option"), Set.of("list"));
    VerifierRegistry registry = VerifierRegistry.load();
    if (options.has("list")) {
      registry.names().forEach(n -> out.printf("%-12s %s%n", n, registry.factory(n).description()));
      return 0;
    }
    String name = options.require("verifier");
    int timeLimitMillis = options.getInt("time-limit-ms", 60_000);
    if (timeLimitMillis < 1) {
      throw new UsageException("--time-limit-ms must be positive, got " + timeLimitMillis);
    }
    try (BoundedVerifier verifier = new BoundedVerifier(name, create(registry, name, verifierOptions),
        BoundedVerifier.Limits.of(Duration.ofMillis(timeLimitMillis), 1))) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (!line.isBlank()) {
          out.println(toJson(verifier.verify(parse(line, lineNumber))));
        }
      }
    }
    out.flush();
    return 0;
  }

  private static Verifier create(VerifierRegistry registry, String name, Map<String, String> options) {
    try {
      VerifierFactory factory = registry.factory(name);
      return factory.create(options);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static VerificationRequest parse(String line, int lineNumber) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UsageException("line " + lineNumber + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new UsageException("line " + lineNumber + ": expected a JSON object {\"completion\": \"...\", \"answer\": \"...\"}");
    }
    return new VerificationRequest(text(node, "prompt", lineNumber, false), text(node, "answer", lineNumber, true),
        text(node, "completion", lineNumber, true));
  }

  private static String text(JsonNode node, String field, int lineNumber, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new UsageException("line " + lineNumber + ": missing string field \"" + field + "\"");
      }
      return "";
    }
    if (!value.isTextual()) {
      throw new UsageException("line " + lineNumber + ": field \"" + field + "\" must be a string, got " + value.getNodeType());
    }
    return value.asText();
  }

  static String toJson(VerifierResult result) {
    ObjectNode node = JSON.createObjectNode();
    node.put("reward", result.reward()).put("status", result.status().label()).put("detail", result.detail());
    return node.toString();
  }
}
