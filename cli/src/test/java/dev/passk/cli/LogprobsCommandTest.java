package dev.passk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.policy.Policy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogprobsCommandTest {

  @TempDir static Path checkpoint;
  private static double expected;

  @BeforeAll
  static void writeCheckpoint() throws Exception {
    try (Policy policy = Policy.tiny(2, Device.cpu())) {
      policy.save(checkpoint);
      expected = policy.logprobs(List.of(policy.encode("12+3=", "15"))).get(0).sum();
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> argv = new java.util.ArrayList<>(List.of("logprobs"));
    argv.addAll(List.of(args));
    int code = new Passk().run(argv,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void writesTheSummedLogprobAndTokenCountOfEachLine() throws Exception {
    Result result = run("{\"prompt\": \"12+3=\", \"completion\": \"15\"}\n\n"
        + "{\"prompt\": \"1+1=\", \"completion\": \"\"}\n", "--checkpoint", checkpoint.toString());
    assertEquals(0, result.code(), result.err());
    String[] lines = result.out().strip().split("\n");
    assertEquals(2, lines.length);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertEquals(expected, first.get("logprob").asDouble(), 1e-9);
    assertEquals(3, first.get("tokens").asInt(), "two digits and the end-of-sequence token");
    JsonNode empty = new ObjectMapper().readTree(lines[1]);
    assertEquals(1, empty.get("tokens").asInt());
    assertTrue(empty.get("logprob").asDouble() < 0);
  }

  @Test
  void badInputFailsWithAUsageErrorNamingTheLine() {
    Result result = run("{\"prompt\": \"1+1=\", \"completion\": \"2\"}\n{\"prompt\": \"1+1=\"}\n",
        "--checkpoint", checkpoint.toString());
    assertEquals(2, result.code());
    assertTrue(result.err().contains("line 2") && result.err().contains("'completion'"),
        result.err());
  }

  @Test
  void aMissingCheckpointFailsClearly() {
    Result missingOption = run("");
    assertEquals(2, missingOption.code());
    assertTrue(missingOption.err().contains("--checkpoint is required"), missingOption.err());
    Result noFolder = run("", "--checkpoint", checkpoint.resolve("nope").toString());
    assertEquals(2, noFolder.code());
    assertTrue(noFolder.err().contains("not a folder"), noFolder.err());
  }
}
