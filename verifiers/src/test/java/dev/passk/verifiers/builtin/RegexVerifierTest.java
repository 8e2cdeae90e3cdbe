package dev.passk.verifiers.builtin;

import static dev.passk.verifiers.builtin.Verifiers.create;
import static dev.passk.verifiers.builtin.Verifiers.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.verifiers.VerifierResult;
import org.junit.jupiter.api.Test;

class RegexVerifierTest {

  @Test
  void answerIsThePatternUnlessOneIsConfigured() {
    assertEquals(1.0, verify(create("regex"), "\\b4[0-9]\\b", "it is 42 I think").reward());
    assertEquals(0.0, verify(create("regex", "mode", "full"), "4[0-9]", "it is 42").reward());
    assertEquals(1.0, verify(create("regex", "pattern", "^yes$", "ignore-case", "true", "mode", "full"), "ignored", " YES ").reward());
  }

  @Test
  void badPatternInAnswerIsAnErrorAndInConfigurationFailsAtStartUp() {
    assertEquals(VerifierResult.Status.ERROR, verify(create("regex"), "(unclosed", "x").status());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create("regex", "pattern", "[a-"));
    assertTrue(e.getMessage().contains("option 'pattern' is not a valid regular expression"), e.getMessage());
  }

  @Test
  void catastrophicBacktrackingEndsAsTimeout() {
    long start = System.nanoTime();
    // JDK 17 memoises (a+)+ but not a back-reference: this one takes ~1 minute for 28 digits unguarded
    VerifierResult result = verify(create("regex", "time-limit-ms", "200"), "(\\w|\\d)*\\1x", "1".repeat(40) + "!");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(VerifierResult.Status.TIMEOUT, result.status(), result.detail());
    assertTrue(millis < 20_000, "took " + millis + " ms (a hang would never answer)");
  }

  @Test
  void tenMegabyteCompletionIsScannedWithinTheLimit() {
    VerifierResult result = verify(create("regex"), "needle", "hay ".repeat(10 << 18) + "needle");
    assertEquals(1.0, result.reward(), result.detail());
  }
}
