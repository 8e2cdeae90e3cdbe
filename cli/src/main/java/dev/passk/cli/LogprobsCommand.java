package dev.passk.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.policy.Policy;
import dev.passk.policy.Sequence;
import dev.passk.policy.SequenceLogprobs;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ./passk logprobs --checkpoint DIR}: reads JSON lines {@code {"prompt": ..., "completion":
 * ...}} and writes {@code {"logprob": <sum of completion token log-probs>, "tokens": N}}. The
 * completion is scored as a finished answer: its tokens followed by the end-of-sequence token, which
 * N counts (the sampler's completions that stop end the same way).
 */
public final class LogprobsCommand implements Command {

  @Override
  public String name() {
    return "logprobs";
  }

  @Override
  public String summary() {
    return "log-probs of {prompt, completion} JSON lines under a checkpoint (--checkpoint DIR)";
  }

  @Override
  public int run(List<String> args, InputStream in, PrintStream out, PrintStream err)
      throws Exception {
    CommandLineOptions options = new CommandLineOptions(args, Set.of("checkpoint"), Set.of());
    Path checkpoint = Path.of(options.require("checkpoint"));
    if (!Files.isDirectory(checkpoint)) {
      throw new UsageException("--checkpoint " + checkpoint + " is not a folder (expected "
          + Policy.CONFIG + ", " + Policy.WEIGHTS + " and " + Policy.TOKENIZER + ")");
    }
    ObjectMapper json = new ObjectMapper();
    try (Policy policy = Policy.load(checkpoint, Device.cpu());
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        Sequence sequence = parse(json, line, lineNumber, policy);
        SequenceLogprobs logprobs;
        try {
          logprobs = policy.logprobs(List.of(sequence)).get(0);
        } catch (IllegalArgumentException e) {
          throw new UsageException("line " + lineNumber + ": " + e.getMessage());
        }
        out.println(json.createObjectNode().put("logprob", logprobs.sum())
            .put("tokens", sequence.completionIds().length));
      }
    }
    return 0;
  }

  private static Sequence parse(ObjectMapper json, String line, int lineNumber, Policy policy) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (Exception e) {
      throw new UsageException("line " + lineNumber + " is not JSON: " + e.getMessage());
    }
    for (String field : List.of("prompt", "completion")) {
      if (!node.path(field).isTextual()) {
        throw new UsageException("line " + lineNumber + ": expected a string field '" + field
            + "', as in {\"prompt\": \"2+2=\", \"completion\": \"4\"}");
      }
    }
    try {
      return policy.encode(node.get("prompt").asText(), node.get("completion").asText());
    } catch (IllegalArgumentException e) {
      throw new UsageException("line " + lineNumber + ": " + e.getMessage());
    }
  }
}
