package dev.passk.verifiers.builtin;

import static dev.passk.verifiers.builtin.Verifiers.create;
import static dev.passk.verifiers.builtin.Verifiers.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierResult;
import org.junit.jupiter.api.Test;

class ExactMatchVerifierTest {

  @Test
  void defaultTrimsAndCollapsesWhitespaceButKeepsCase() {
    Verifier v = create("exact-match");
    assertEquals(1.0, verify(v, "hello world", "  hello \n\t world ").reward());
    assertEquals(0.0, verify(v, "hello world", "Hello world").reward());
    assertEquals(0.0, verify(v, "hello world", "helloworld").reward());
  }

  @Test
  void optionsChangeTheNormalisation() {
    assertEquals(1.0, verify(create("exact-match", "ignore-case", "true"), "Paris", "PARIS").reward());
    assertEquals(1.0, verify(create("exact-match", "whitespace", "remove"), "a b c", "abc").reward());
    assertEquals(0.0, verify(create("exact-match", "trim", "false", "whitespace", "keep"), "a", "a ").reward());
  }

  @Test
  void tenMegabyteCompletionIsAnOrdinaryMiss() {
    VerifierResult result = verify(create("exact-match"), "42", "4".repeat(10 << 20));
    assertEquals(VerifierResult.Status.OK, result.status());
    assertEquals(0.0, result.reward());
  }
}
