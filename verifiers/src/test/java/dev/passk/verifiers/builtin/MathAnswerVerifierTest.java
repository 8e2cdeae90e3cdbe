package dev.passk.verifiers.builtin;

import static dev.passk.verifiers.builtin.Verifiers.create;
import static dev.passk.verifiers.builtin.Verifiers.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MathAnswerVerifierTest {

  private final Verifier math = create("math-answer");

  @ParameterizedTest(name = "[{0}] vs [{1}] -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // extraction
      "7 | so the total is \\boxed{7}. | 1",
      "7 | first \\boxed{3}, then corrected: \\boxed{7} | 1",
      "\\frac{1}{2} | \\boxed{\\frac{1}{2}} | 1",
      "{a}_{b} | \\boxed{{a}_{b}} | 1",
      "18 | The answer is 18. | 1",
      "18 | The final ANSWER IS: **$18$**. Done. | 1",
      "5 | We get 2 then 3 and finally 5 | 1",
      "5 | x = 4 + 1 and \\boxed 5 | 1",
      // LaTeX normalisation and simple equivalences
      "0.5 | \\boxed{\\frac{1}{2}} | 1",
      "1/2 | \\boxed{\\dfrac12} | 1",
      "0.5 | \\boxed{\\tfrac{1}{2}} | 1",
      "-\\frac{1}{2} | \\boxed{-0.5} | 1",
      "\\frac{-1}{2} | \\boxed{-\\frac{1}{2}} | 1",
      "\\frac{\\sqrt{3}}{2} | \\boxed{\\dfrac{\\sqrt3}{2}} | 1",
      "\\left( 1, 2 \\right) | \\boxed{(1,2)} | 1",
      "1000000 | \\boxed{1,000,000} | 1",
      "1000 | \\boxed{1{,}000} | 1",
      "1,2 | \\boxed{2} | 0",
      "50\\% | \\boxed{50} | 1",
      "50\\% | \\boxed{0.5} | 1",
      "50 | \\boxed{50\\%} | 1",
      "30 | \\boxed{30^\\circ} | 1",
      "30^{\\circ} | \\boxed{30°} | 1",
      "12 | \\boxed{12\\text{ dollars}} | 1",
      "12 | The answer is 12 dollars. | 1",
      "5 | \\boxed{5\\,\\mathrm{cm}} | 1",
      "yes | \\boxed{\\text{yes}} | 1",
      "5 | \\boxed{x = 5} | 1",
      "B | \\boxed{(B)} | 1",
      "\\$18 | \\boxed{18} | 1",
      "1.50 | \\boxed{1.5} | 1",
      "2.5e3 | \\boxed{2500} | 1",
      "0.333 | \\boxed{\\frac{1}{3}} | 0",
      "7 | \\boxed{8} | 0",
      "x^2 | \\boxed{x^{2}} | 0",
      "\\pi | \\boxed{\\pi} | 1"})
  void extractsNormalisesAndCompares(String reference, String completion, double reward) {
    VerifierResult result = verify(math, reference, completion);
    assertEquals(VerifierResult.Status.OK, result.status(), result.detail());
    assertEquals(reward, result.reward(), result.detail());
  }

  @Test
  void gsm8kHashesLineIsTheAnswer() {
    assertEquals(1.0, verify(math, "72", "Natalia sold 48/2 = 24 clips in May.\n#### 72").reward());
    assertEquals(1.0, verify(math, "72", "#### 72\nthat is all").reward());
  }

  @Test
  void referenceMayBeAFullSolution() {
    assertEquals(1.0, verify(math, "She has 3 + 4 = 7 apples.\n#### 7", "\\boxed{7}").reward());
    assertEquals(1.0, verify(math, "so $\\boxed{\\frac{3}{4}}$", "The answer is 0.75").reward());
  }

  @Test
  void missingOrOversizedAnswersGetExplicitOutcomes() {
    VerifierResult none = verify(math, "7", "I have no idea");
    assertEquals(VerifierResult.Status.OK, none.status());
    assertEquals(0.0, none.reward());
    assertTrue(none.detail().startsWith("no final answer found"), none.detail());
    assertEquals(VerifierResult.Status.ERROR, verify(math, "", "\\boxed{7}").status());
    assertEquals(VerifierResult.Status.ERROR, verify(math, "1".repeat(2000), "\\boxed{7}").status());
  }

  @Test
  void tenMegabyteCompletionsAreAnsweredQuickly() {
    String filler = "Let us think step by step. ".repeat(400_000); // ~10.8 MB
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertEquals(1.0, verify(math, "42", filler + "\\boxed{42}").reward());
      assertEquals(0.0, verify(math, "42", filler).reward()); // "no final answer found"
      VerifierResult giant = verify(math, "42", "\\boxed{" + "4".repeat(10 << 20) + "}");
      assertEquals(0.0, giant.reward());
      assertTrue(giant.detail().contains("longer than max-answer-chars=1000"), giant.detail());
    });
  }

  @Test
  void deeplyNestedOrBrokenLatexNeverThrowsOrHangs() {
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      String deepBraces = "{".repeat(100_000) + "1" + "}".repeat(100_000);
      assertEquals(0.0, verify(math, "1", "\\boxed{" + deepBraces + "}").reward()); // too long to normalise
      String nestedFracs = "\\frac{1}{".repeat(300) + "2" + "}".repeat(300); // 1/(1/(...)) 300 deep, 2.7k chars: normalised up to MAX_DEPTH, then compared as text
      assertEquals(VerifierResult.Status.OK, verify(create("math-answer", "max-answer-chars", "100000"), "1", "\\boxed{" + nestedFracs + "}").status());
      String shallowFracs = "\\frac{1}{".repeat(60) + "2" + "}".repeat(60); // deeper than MAX_DEPTH=50: compared as text
      assertEquals(0.0, verify(math, "1", "\\boxed{" + shallowFracs + "}").reward());
      // unbalanced \boxed{ is skipped: the last number (2) is the answer
      VerifierResult unbalanced = verify(math, "2", "\\boxed{\\frac{1}{2}");
      assertEquals(1.0, unbalanced.reward(), unbalanced.detail());
      assertEquals(0.0, verify(math, "1/2", "\\boxed{\\frac{1}{}}").reward());
      assertEquals(0.0, verify(math, "1/2", "\\boxed{\\frac{1}").reward());
      assertEquals(0.0, verify(math, "1/2", "\\boxed{\\frac}").reward());
      assertEquals(0.0, verify(math, "1", "\\boxed{\\left(\\right.\\sqrt}").reward());
      assertEquals(0.0, verify(math, "1", "\\boxed{\\boxed{\\boxed{\\boxed{\\boxed{\\boxed{\\boxed{\\boxed{\\boxed{").reward());
    });
  }

  @Test
  void extractorHelpersHandleEdgeCases() {
    assertNull(AnswerExtractor.lastBoxed("no box"));
    assertEquals("a{b}c", AnswerExtractor.lastBoxed("\\boxed{a{b}c}"));
    assertEquals("\\{1\\}", AnswerExtractor.lastBoxed("\\boxed{\\{1\\}}"));
    assertEquals("1234", NumberScanner.lastNumber("total: 1,234"));
    assertEquals("-2.5e-3", NumberScanner.lastNumber("x = -2.5e-3"));
    assertEquals("3/4", NumberScanner.lastNumber("ratio 3/4."));
  }
}
