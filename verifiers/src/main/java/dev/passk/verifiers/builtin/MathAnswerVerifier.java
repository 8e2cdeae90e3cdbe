package dev.passk.verifiers.builtin;

import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierFactory;
import dev.passk.verifiers.VerifierOptions;
import dev.passk.verifiers.VerifierResult;
import java.util.Map;

/**
 * Reward 1 when the completion's final answer ({@link AnswerExtractor}) is equivalent to the reference
 * after LaTeX normalisation ({@link LatexNormalizer}): equal canonical text, or equal numbers
 * ({@code 0.5 = 1/2 = \frac{1}{2}}) within {@code rel-tol}, where a percentage also equals its
 * hundredth ({@code 50\% = 50 = 0.5}).
 *
 * <p>The reference may be a bare answer or a full solution (a {@code \boxed{}} or GSM8K {@code ####}
 * line is extracted from it). A reference that is empty or longer than {@code max-answer-chars} is an
 * {@code ERROR}; a completion with no final answer, or one longer than {@code max-answer-chars}, gets 0.
 */
public final class MathAnswerVerifier implements Verifier {

  private final double relTolerance;
  private final int maxAnswerChars;

  MathAnswerVerifier(double relTolerance, int maxAnswerChars) {
    this.relTolerance = relTolerance;
    this.maxAnswerChars = maxAnswerChars;
  }

  @Override
  public VerifierResult verify(VerificationRequest request) {
    String reference = referenceAnswer(request.answer());
    if (reference.isEmpty() || reference.length() > maxAnswerChars) {
      return VerifierResult.error("reference answer is empty or longer than max-answer-chars=" + maxAnswerChars
          + ": " + VerifierResult.quote(request.answer(), 40));
    }
    AnswerExtractor.Extracted extracted = AnswerExtractor.extract(request.completion());
    if (extracted == null || extracted.answer().isBlank()) {
      return VerifierResult.ok(0.0, "no final answer found in " + request.completion().length() + " chars");
    }
    if (extracted.answer().length() > maxAnswerChars) {
      return VerifierResult.ok(0.0, "final answer (" + extracted.method() + ") is " + extracted.answer().length()
          + " chars, longer than max-answer-chars=" + maxAnswerChars);
    }
    LatexNormalizer.Normalized expected = LatexNormalizer.normalize(reference);
    LatexNormalizer.Normalized actual = LatexNormalizer.normalize(extracted.answer());
    boolean correct = equivalent(expected, actual);
    return VerifierResult.of(correct, (correct ? "equivalent" : "not equivalent") + " (" + extracted.method() + "): "
        + VerifierResult.quote(actual.text(), 60) + " vs " + VerifierResult.quote(expected.text(), 60));
  }

  boolean equivalent(LatexNormalizer.Normalized expected, LatexNormalizer.Normalized actual) {
    if (expected.text().equals(actual.text())) {
      return true;
    }
    ExactNumber a = ExactNumber.parse(expected.text());
    ExactNumber b = a == null ? null : ExactNumber.parse(actual.text());
    if (b == null) {
      return false;
    }
    boolean percent = expected.percent() || actual.percent();
    return a.closeTo(b, 0.0, relTolerance)
        || (percent && (a.dividedBy(100).closeTo(b, 0.0, relTolerance) || a.closeTo(b.dividedBy(100), 0.0, relTolerance)));
  }

  private static String referenceAnswer(String answer) {
    if (answer.contains("\\boxed") || answer.contains("\\fbox") || answer.contains("####")) {
      AnswerExtractor.Extracted extracted = AnswerExtractor.extract(answer);
      return extracted == null ? "" : extracted.answer().strip();
    }
    return answer.strip();
  }

  /** {@code math-answer}: options {@code rel-tol}, {@code max-answer-chars}. */
  public static final class Factory implements VerifierFactory {
    @Override
    public String name() {
      return "math-answer";
    }

    @Override
    public String description() {
      return "final answer (last \\boxed{}, ####, 'answer is', last number) equivalent to the reference after LaTeX "
          + "normalisation; options: rel-tol (0: exact), max-answer-chars (1000)";
    }

    @Override
    public Verifier create(Map<String, String> options) {
      VerifierOptions o = new VerifierOptions(name(), options);
      MathAnswerVerifier verifier = new MathAnswerVerifier(o.decimal("rel-tol", 0.0, 0.0),
          o.integer("max-answer-chars", 1000, 1, 1_000_000));
      o.finish();
      return verifier;
    }
  }
}
