package dev.passk.verifiers.builtin;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A number written as an integer, decimal, scientific literal or fraction of two such, kept exact:
 * value = numerator / denominator. {@code 0.5}, {@code 1/2} and {@code 5e-1} are {@link #sameValue}.
 *
 * <p>Parsing is bounded so hostile input stays cheap: literals longer than {@value #MAX_LITERAL_CHARS}
 * characters or with an exponent beyond +-{@value #MAX_EXPONENT} are not numbers (an exact comparison
 * of {@code 1e999999999} would need a billion-digit integer).
 */
public record ExactNumber(BigDecimal numerator, BigDecimal denominator) {

  static final int MAX_LITERAL_CHARS = 200;
  static final int MAX_EXPONENT = 1000;

  public ExactNumber {
    if (denominator.signum() == 0) {
      throw new IllegalArgumentException("denominator is zero");
    }
  }

  /**
   * Parses {@code [+-]a} or {@code [+-]a/b} where a and b are decimal literals (optionally in
   * scientific notation, optionally wrapped in one pair of parentheses); null if {@code text} is not such a number.
   */
  public static ExactNumber parse(String text) {
    String s = text.strip();
    if (s.isEmpty() || s.length() > 2 * MAX_LITERAL_CHARS + 5) {
      return null;
    }
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1).strip();
    }
    int slash = s.indexOf('/');
    BigDecimal numerator;
    BigDecimal denominator = BigDecimal.ONE;
    if (slash < 0) {
      numerator = literal(unwrap(s));
    } else {
      numerator = literal(unwrap(s.substring(0, slash)));
      denominator = literal(unwrap(s.substring(slash + 1)));
      if (denominator != null && denominator.signum() == 0) {
        return null;
      }
    }
    if (numerator == null || denominator == null) {
      return null;
    }
    return new ExactNumber(negative ? numerator.negate() : numerator, denominator);
  }

  /** Exact equality of the two values: a/b = c/d iff a*d = c*b (denominators are non-zero). */
  public boolean sameValue(ExactNumber other) {
    return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator)) == 0;
  }

  /** |this - other| <= absTolerance + relTolerance * max(|this|, |other|), or exactly equal. */
  public boolean closeTo(ExactNumber other, double absTolerance, double relTolerance) {
    if (sameValue(other)) {
      return true;
    }
    if (absTolerance == 0.0 && relTolerance == 0.0) {
      return false; // doubles would round 12345678901234567890123 and ...124 to one value
    }
    double a = toDouble();
    double b = other.toDouble();
    return Math.abs(a - b) <= absTolerance + relTolerance * Math.max(Math.abs(a), Math.abs(b));
  }

  public double toDouble() {
    return numerator.divide(denominator, MathContext.DECIMAL64).doubleValue();
  }

  public ExactNumber dividedBy(long divisor) {
    return new ExactNumber(numerator, denominator.multiply(BigDecimal.valueOf(divisor)));
  }

  /** {@code (x)} -> {@code x}; anything else unchanged. */
  private static String unwrap(String s) {
    String t = s.strip();
    return t.length() >= 2 && t.charAt(0) == '(' && t.charAt(t.length() - 1) == ')' ? t.substring(1, t.length() - 1).strip() : t;
  }

  /** An unsigned-or-signed decimal literal: digits, at most one point, optional exponent; null otherwise. */
  static BigDecimal literal(String s) {
    int n = s.length();
    if (n == 0 || n > MAX_LITERAL_CHARS) {
      return null;
    }
    int i = 0;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      i++;
    }
    int digits = 0;
    boolean point = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        break;
      }
    }
    if (digits == 0) {
      return null;
    }
    if (i < n) {
      if (s.charAt(i) != 'e' && s.charAt(i) != 'E') {
        return null;
      }
      int j = i + 1;
      if (j < n && (s.charAt(j) == '-' || s.charAt(j) == '+')) {
        j++;
      }
      int exponentDigits = n - j;
      if (exponentDigits == 0 || exponentDigits > 4) {
        return null;
      }
      for (int k = j; k < n; k++) {
        if (s.charAt(k) < '0' || s.charAt(k) > '9') {
          return null;
        }
      }
      if (Math.abs(Integer.parseInt(s.substring(j))) > MAX_EXPONENT) {
        return null;
      }
    }
    if (!point && i == n && n <= 18) {
      return BigDecimal.valueOf(Long.parseLong(s)); // fast path: plain integers
    }
    return new BigDecimal(s);
  }
}
