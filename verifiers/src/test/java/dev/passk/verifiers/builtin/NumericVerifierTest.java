package dev.passk.verifiers.builtin;

import static dev.passk.verifiers.builtin.Verifiers.create;
import static dev.passk.verifiers.builtin.Verifiers.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NumericVerifierTest {

  private final Verifier numeric = create("numeric");

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "42 | 42 | 1",
      "42 | The result is 42. | 1",
      "-7 | so x = -7 | 1",
      "0.5 | 1/2 | 1",
      "1/3 | 2/6 | 1",
      "1500 | 1.5e3 | 1",
      "1500 | 1,500 | 1",
      "0.001 | 1E-3 | 1",
      "3 | 5-3 | 1",
      "-3 | 5-3 | 0",
      "2 | 5 - 3 | 0",
      "0.3333 | 1/3 | 0",
      "1000000 | 1,000,000 | 1",
      "2 | 1,2 | 1",
      "12345678901234567890123 | 12345678901234567890123 | 1",
      "12345678901234567890123 | 12345678901234567890124 | 0"})
  void comparesExactlyAcrossNotations(String answer, String completion, double reward) {
    VerifierResult result = verify(numeric, answer, completion);
    assertEquals(VerifierResult.Status.OK, result.status(), result.detail());
    assertEquals(reward, result.reward(), result.detail());
  }

  @Test
  void toleranceOptionsWidenTheMatch() {
    assertEquals(0.0, verify(numeric, "3.14159", "3.14").reward());
    assertEquals(1.0, verify(create("numeric", "abs-tol", "0.01"), "3.14159", "3.14").reward());
    assertEquals(1.0, verify(create("numeric", "rel-tol", "1e-3"), "1000", "1000.9").reward());
    assertEquals(1.0, verify(create("numeric", "rel-tol", "1e-9"), "0.333333333333", "1/3").reward());
    assertEquals(0.0, verify(create("numeric", "extract", "whole"), "42", "The result is 42").reward());
  }

  @Test
  void badReferenceIsAnErrorAndAMissingNumberIsZero() {
    assertEquals(VerifierResult.Status.ERROR, verify(numeric, "forty-two", "42").status());
    VerifierResult none = verify(numeric, "42", "I don't know");
    assertEquals(VerifierResult.Status.OK, none.status());
    assertEquals(0.0, none.reward());
  }

  @Test
  void hostileNumbersStayCheap() {
    // an exponent of a billion would need a billion-digit exact comparison: not a number, reward 0
    assertEquals(0.0, verify(numeric, "1", "1e999999999").reward());
    assertEquals(1.0, verify(numeric, "1e300", "10e299").reward());
    VerifierResult huge = verify(numeric, "7", "9".repeat(10 << 20) + " so 7");
    assertEquals(1.0, huge.reward(), huge.detail());
    VerifierResult allDigits = verify(numeric, "7", "9".repeat(10 << 20));
    assertEquals(0.0, allDigits.reward(), allDigits.detail());
  }
}
