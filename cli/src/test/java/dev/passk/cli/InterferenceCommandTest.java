package dev.passk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.cli.interference.WarmStartedFixture;
import dev.passk.math.PassAtK;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterferenceCommandTest {

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> argv = new ArrayList<>(List.of("interference"));
    argv.addAll(List.of(args));
    int code = new Passk().run(argv, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Result diagnose(String... extra) {
    List<String> args = new ArrayList<>(List.of("--checkpoint",
        WarmStartedFixture.checkpoint().toString(), "--task", WarmStartedFixture.TASK,
        "--prompts", "12", "--samples", "8", "--k", "1,2,4", "--out", dir.resolve("d.json").toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void writesTheJsonTheSvgAndASummaryTable() throws Exception {
    Result result = diagnose();
    assertEquals(0, result.code(), result.err());
    assertTrue(result.err().contains("sampled 12/12 prompts x 8"), "progress on stderr: " + result.err());
    assertTrue(result.out().contains("<g_k,g_1>") && result.out().contains("k* = "), result.out());

    JsonNode json = new ObjectMapper().readTree(dir.resolve("d.json").toFile());
    assertEquals(WarmStartedFixture.TASK, json.get("task").asText());
    assertEquals("[1,2,4]", json.get("settings").get("k").toString());
    assertEquals("last-layer", json.get("settings").get("parameters").asText());
    assertTrue(json.get("mixture").isNull());
    assertEquals(12, json.get("prompts").size());
    for (JsonNode prompt : json.get("prompts")) {
      double pHat = prompt.get("pHat").asDouble();
      assertEquals(0, pHat * 8 % 1, 1e-12, "p_hat is a count over 8 samples: " + pHat);
      assertTrue(prompt.get("label").asText().matches("easy|hard"), prompt.toString());
      assertTrue(prompt.get("agreement").isNumber(), prompt.toString());
      assertEquals(PassAtK.gradientWeight(pHat, 4), prompt.get("w").get("4").asDouble(), 0.0);
    }
    assertEquals(3, json.get("byK").size());
    JsonNode curve = json.get("curve");
    assertEquals(4, curve.size(), "the curve covers k = 1..max k");
    for (JsonNode row : json.get("byK")) {
      int k = row.get("k").asInt();
      assertEquals(curve.get(k - 1).get("innerProduct").asDouble(), row.get("innerProduct").asDouble(), 0.0);
      assertTrue(row.has("cosine") && row.has("negativeWeightMass") && row.has("normPass1"), row.toString());
    }
    assertTrue(json.get("kStar").isNull() || json.get("kStar").isInt(), json.get("kStar").toString());
    assertTrue(json.get("meanAgreementByLabel").has("hard"));
    assertTrue(json.get("timings").get("total").asDouble() > 0);
    String svg = Files.readString(dir.resolve("d.svg"));
    assertTrue(svg.startsWith("<svg") && svg.contains("<polyline") && svg.strip().endsWith("</svg>"), svg);
  }

  @Test
  void aMixtureKeepsOnlyItsEasyAndHardPrompts() throws Exception {
    Result result = diagnose("--mixture", "0.5,0.5");
    assertEquals(0, result.code(), result.err());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("d.json").toFile());
    JsonNode mixture = json.get("mixture");
    int easy = mixture.get("easy").asInt();
    int hard = mixture.get("hard").asInt();
    assertEquals(easy + hard, json.get("prompts").size());
    for (int i = 0; i < easy + hard; i++) {
      double pHat = json.get("prompts").get(i).get("pHat").asDouble();
      assertTrue(i < easy ? pHat > 0.5 : pHat < 0.5, "prompt " + i + " p_hat " + pHat);
    }
  }

  @Test
  void badArgumentsFailWithAUsageErrorThatSaysWhatToFix() throws Exception {
    Path checkpoint = WarmStartedFixture.checkpoint();
    assertUsage("k = 16 is outside 1..8", "--checkpoint", checkpoint.toString(), "--task",
        "interference", "--samples", "8", "--k", "2,16");
    assertUsage("--warm-start takes a number of steps >= 0, got -1", "--task", "interference",
        "--warm-start", "-1");
    assertUsage("give one or the other", "--checkpoint", checkpoint.toString(), "--task",
        "interference", "--warm-start", "10");
    assertUsage("is not a folder", "--checkpoint", dir.resolve("nope").toString(), "--task",
        "interference");
    assertUsage("lacks config.json", "--checkpoint", dir.toString(), "--task", "interference");
    assertUsage("unknown task 'nope'; valid tasks", "--checkpoint", checkpoint.toString(),
        "--task", "nope");
    assertUsage("--task is required", "--checkpoint", checkpoint.toString());
    assertUsage("--mixture needs two numbers d1,d2", "--checkpoint", checkpoint.toString(),
        "--task", "interference", "--mixture", "0.8");
    assertUsage("needs 0 <= d2 <= d1 <= 1", "--checkpoint", checkpoint.toString(),
        "--task", "interference", "--mixture", "0.1,0.8");
    assertUsage("--k takes comma-separated numbers", "--checkpoint", checkpoint.toString(),
        "--task", "interference", "--k", "2,four");
    assertUsage("unknown parameter selection 'bias'; valid: last-layer, head, all",
        "--checkpoint", checkpoint.toString(), "--task", "interference", "--parameters", "bias");
  }

  @Test
  void aMixtureThatKeepsTooFewPromptsSaysSo() {
    Result result = diagnose("--mixture", "1,0");
    assertEquals(2, result.code());
    assertTrue(result.err().contains("kept 0 of 12 prompts"), result.err());
  }

  private static void assertUsage(String expected, String... args) {
    Result result = run(args);
    assertEquals(2, result.code(), result.err());
    assertTrue(result.err().contains(expected), "expected '" + expected + "' in: " + result.err());
  }
}
