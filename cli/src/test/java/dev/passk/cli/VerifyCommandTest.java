package dev.passk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String stdin, String... args) throws Exception {
    return new VerifyCommand().run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void scoresEachLineWithTheNamedVerifier() throws Exception {
    String input = "{\"completion\": \"so \\\\boxed{\\\\frac{1}{2}}\", \"answer\": \"0.5\"}\n\n"
        + "{\"completion\": \"The answer is 3\", \"answer\": \"4\", \"prompt\": \"1+3?\"}\n";
    assertEquals(0, run(input, "--verifier", "math-answer"));
    List<String> lines = lines();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("{\"reward\":1.0,\"status\":\"ok\",\"detail\":\"equivalent"), lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"reward\":0.0,\"status\":\"ok\""), lines.get(1));
  }

  @Test
  void verifierOptionsArePassedByName() throws Exception {
    String input = "{\"completion\": \"PARIS\", \"answer\": \"paris\"}\n";
    assertEquals(0, run(input, "--verifier", "exact-match", "--option", "ignore-case=true", "--option", "trim=true"));
    assertTrue(lines().get(0).startsWith("{\"reward\":1.0"), lines().toString());
  }

  @Test
  void errorsAreStatusesNotSilentZeros() throws Exception {
    assertEquals(0, run("{\"completion\": \"42\", \"answer\": \"forty-two\"}\n", "--verifier", "numeric"));
    assertTrue(lines().get(0).contains("\"status\":\"error\""), lines().toString());
  }

  @Test
  void usageErrorsSayWhatToFix() {
    UsageException unknown = assertThrows(UsageException.class, () -> run("", "--verifier", "maths"));
    assertTrue(unknown.getMessage().contains("valid verifiers: ") && unknown.getMessage().contains("math-answer"), unknown.getMessage());
    UsageException typo = assertThrows(UsageException.class, () -> run("", "--verifier", "exact-match", "--option", "ignore-cse=true"));
    assertTrue(typo.getMessage().contains("unknown option 'ignore-cse'; valid options: ignore-case"), typo.getMessage());
    assertThrows(UsageException.class, () -> run("", "--verifier", "exact-match", "--option", "novalue"));
    assertThrows(UsageException.class, () -> run("", "--option", "a=b"));
    UsageException badLine = assertThrows(UsageException.class, () -> run("{\"completion\": \"x\"}\n", "--verifier", "exact-match"));
    assertEquals("line 1: missing string field \"answer\"", badLine.getMessage());
    UsageException notJson = assertThrows(UsageException.class, () -> run("{\"answer\": \"1\", \"completion\": \"1\"}\nnope\n", "--verifier", "exact-match"));
    assertTrue(notJson.getMessage().startsWith("line 2: not valid JSON"), notJson.getMessage());
  }

  @Test
  void listShowsEveryVerifierWithItsOptions() throws Exception {
    assertEquals(0, run("", "--list"));
    assertTrue(lines().stream().anyMatch(l -> l.startsWith("program ") && l.contains("memory-mb")), lines().toString());
  }
}
