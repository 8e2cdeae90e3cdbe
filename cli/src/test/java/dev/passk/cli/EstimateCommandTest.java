package dev.passk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimateCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String input, String... args) throws Exception {
    return new EstimateCommand().run(List.of(args), stdin(input), print(out), print(err));
  }

  private static ByteArrayInputStream stdin(String input) {
    return new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private List<JsonNode> lines() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> nodes = new java.util.ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      nodes.add(json.readTree(line));
    }
    return nodes;
  }

  @Test
  void binaryRewardsGiveTheUnbiasedPassAtKAndPkpoEffectiveRewards() throws Exception {
    assertEquals(0, run("{\"rewards\":[1,0,0,0]}\n\n{\"rewards\":[0,0,0,0]}\n", "--k", "2", "--estimator", "pkpo"));
    List<JsonNode> lines = lines();
    assertEquals(2, lines.size());
    // rho(4,1,2) = 1 - C(3,2)/C(4,2) = 1/2; correct: k/n = 1/2; incorrect: (k/n) rho(3,1,1) = 1/6
    assertEquals(0.5, lines.get(0).get("passk").asDouble(), 1e-15);
    assertEquals(0.5, lines.get(0).get("advantages").get(0).asDouble(), 1e-15);
    assertEquals(1.0 / 6, lines.get(0).get("advantages").get(3).asDouble(), 1e-15);
    assertEquals(0.0, lines.get(1).get("passk").asDouble(), 0.0);
  }

  @Test
  void continuousRewardsGiveMaxAtK() throws Exception {
    assertEquals(0, run("{\"rewards\":[0.2,0.9,0.5]}\n", "--k", "2", "--estimator", "pkpo-loo1"));
    JsonNode line = lines().get(0);
    // mean over the 3 pairs of their max: (0.9 + 0.5 + 0.9) / 3
    assertEquals(2.3 / 3, line.get("passk").asDouble(), 1e-15);
    assertEquals(3, line.get("advantages").size());
  }

  @Test
  void errorsNameTheLineAndWhatToFix() {
    assertMessage("line 2: k = 3 must be between 1", "{\"rewards\":[1,0,1]}\n{\"rewards\":[1,0]}\n", "3", "pkpo");
    assertMessage("line 1: \"rewards\" is empty", "{\"rewards\":[]}\n", "1", "pkpo");
    assertMessage("line 1: reward 1 is \"x\", not a number", "{\"rewards\":[1,\"x\"]}\n", "1", "pkpo");
    assertMessage("line 1: not valid JSON", "{rewards: [1]\n", "1", "pkpo");
    assertMessage("line 1: expected an object with a \"rewards\" array", "{\"reward\":[1]}\n", "1", "pkpo");
    assertMessage("line 1: chen needs binary rewards", "{\"rewards\":[0.5,1]}\n", "1", "chen");
    assertMessage("valid estimators: chen, pass1, pkpo, pkpo-loo, pkpo-loo1", "", "1", "grpo");
  }

  @Test
  void isRegisteredAndUsageErrorsExitWithTwo() {
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = new Passk().run(List.of("estimate", "--k", "5", "--estimator", "pass1"),
        stdin("{\"rewards\":[1,0]}\n"), print(out), print(errors));
    assertEquals(2, code);
    assertTrue(errors.toString(StandardCharsets.UTF_8).contains("passk estimate: line 1: k = 5"));
  }

  private void assertMessage(String expected, String input, String k, String estimator) {
    String message = assertThrows(UsageException.class, () -> run(input, "--k", k, "--estimator", estimator))
        .getMessage();
    assertTrue(message.contains(expected), message);
  }
}
