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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded version of ./passk bench: one quick section end to end, and its argument errors. */
class BenchCommandTest {

  @TempDir Path dir;

  private int run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    return new BenchCommand().run(List.of(args), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void quickVerifierSectionWritesMarkdownAndJsonWithARowPerBuiltIn() throws Exception {
    assertEquals(0, run("--quick", "--only", "verifiers", "--out", dir.toString()));
    JsonNode report = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    List<String> metrics = new ArrayList<>();
    for (JsonNode row : report.get("rows")) {
      metrics.add(row.get("metric").asText());
      assertTrue(row.get("value").asDouble() > 0, row.toString());
    }
    assertEquals(List.of("exact-match, 1 thread", "numeric, 1 thread", "math-answer, 1 thread",
        "regex, 1 thread", "program, 1 thread"), metrics);
    assertEquals(Runtime.getRuntime().availableProcessors(), report.get("machine").get("cores").asInt());
    String markdown = Files.readString(dir.resolve("bench.md"));
    assertTrue(markdown.contains("| verifiers | math-answer, 1 thread |"), markdown);
  }

  @Test
  void unknownSectionIsAUsageErrorNamingTheValidKeys() {
    UsageException error = assertThrows(UsageException.class, () -> run("--only", "nope"));
    assertTrue(error.getMessage().contains("policy") && error.getMessage().contains("wire")
        && error.getMessage().contains("scaling"), error.getMessage());
  }

  @Test
  void zeroRoundsIsAUsageError() {
    assertThrows(UsageException.class, () -> run("--rounds", "0"));
  }
}
