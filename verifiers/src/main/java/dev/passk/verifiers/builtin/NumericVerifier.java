package dev.passk.verifiers.builtin;

import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierFactory;
import dev.passk.verifiers.VerifierOptions;
import dev.passk.verifiers.VerifierResult;
import java.util.Map;

/**
 * Reward 1 when the completion's number equals the answer's within tolerance:
 * |c - a| <= abs-tol + rel-tol * max(|c|, |a|), compared exactly first (so 1/3 = 2/6 with zero tolerance).
 * Numbers are integers, decimals, scientific notation or fractions {@code a/b}.
 * An answer that is not a number is an {@code ERROR} (bad data), a completion without one is reward 0.
 */
public final class NumericVerifier implements Verifier {

  /** Which part of the completion is its number. */
  enum Extract { WHOLE, LAST_NUMBER }

  private final Extract extract;
  private final double absTolerance;
  private final double relTolerance;

  NumericVerifier(Extract extract, double absTolerance, double relTolerance) {
    this.extract = extract;
    this.absTolerance = absTolerance;
    this.relTolerance = relTolerance;
  }

  @Override
  public VerifierResult verify(VerificationRequest request) {
    ExactNumber expected = ExactNumber.parse(NumberScanner.withoutThousandsSeparators(request.answer().strip()));
    if (expected == null) {
      return VerifierResult.error("answer " + VerifierResult.quote(request.answer(), 40) + " is not a number");
    }
    String text = switch (extract) {
      case WHOLE -> request.completion().length() > 2 * ExactNumber.MAX_LITERAL_CHARS + 5 ? null
          : NumberScanner.withoutThousandsSeparators(request.completion().strip());
      case LAST_NUMBER -> NumberScanner.lastNumber(request.completion());
    };
    ExactNumber actual = text == null ? null : ExactNumber.parse(text);
    if (actual == null) {
      return VerifierResult.ok(0.0, "no number in completion " + VerifierResult.quote(request.completion(), 40));
    }
    boolean correct = actual.closeTo(expected, absTolerance, relTolerance);
    return VerifierResult.of(correct, (correct ? "equal: " : "not equal: ") + text + " vs " + request.answer().strip());
  }

  /** {@code numeric}: options {@code extract}, {@code abs-tol}, {@code rel-tol}. */
  public static final class Factory implements VerifierFactory {
    @Override
    public String name() {
      return "numeric";
    }

    @Override
    public String description() {
      return "completion's number equals answer within tolerance; options: extract=last-number|whole (last-number), "
          + "abs-tol (0), rel-tol (0: exact)";
    }

    @Override
    public Verifier create(Map<String, String> options) {
      VerifierOptions o = new VerifierOptions(name(), options);
      NumericVerifier verifier = new NumericVerifier(o.choice("extract", Extract.LAST_NUMBER),
          o.decimal("abs-tol", 0.0, 0.0), o.decimal("rel-tol", 0.0, 0.0));
      o.finish();
      return verifier;
    }
  }
}
