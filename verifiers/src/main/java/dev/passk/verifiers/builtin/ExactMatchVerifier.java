package dev.passk.verifiers.builtin;

import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierFactory;
import dev.passk.verifiers.VerifierOptions;
import dev.passk.verifiers.VerifierResult;
import java.util.Locale;
import java.util.Map;

/** Reward 1 when the completion equals the answer after the configured normalisation, else 0. */
public final class ExactMatchVerifier implements Verifier {

  /** What happens to runs of whitespace inside the text. */
  enum Whitespace { KEEP, COLLAPSE, REMOVE }

  private final boolean trim;
  private final boolean ignoreCase;
  private final Whitespace whitespace;

  ExactMatchVerifier(boolean trim, boolean ignoreCase, Whitespace whitespace) {
    this.trim = trim;
    this.ignoreCase = ignoreCase;
    this.whitespace = whitespace;
  }

  @Override
  public VerifierResult verify(VerificationRequest request) {
    String expected = normalize(request.answer());
    String actual = normalize(request.completion());
    return VerifierResult.of(expected.equals(actual), expected.equals(actual) ? "exact match"
        : "expected " + VerifierResult.quote(expected, 40) + ", got " + VerifierResult.quote(actual, 40));
  }

  String normalize(String text) {
    String s = switch (whitespace) {
      case KEEP -> text;
      case COLLAPSE -> collapse(text);
      case REMOVE -> text.replaceAll("\\s+", "");
    };
    s = trim ? s.strip() : s;
    return ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
  }

  private static String collapse(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (!inSpace) {
          out.append(' ');
        }
        inSpace = true;
      } else {
        out.append(c);
        inSpace = false;
      }
    }
    return out.toString();
  }

  /** {@code exact-match}: options {@code trim} (true), {@code ignore-case} (false), {@code whitespace} (collapse). */
  public static final class Factory implements VerifierFactory {
    @Override
    public String name() {
      return "exact-match";
    }

    @Override
    public String description() {
      return "completion equals answer; options: trim=true|false (true), ignore-case=true|false (false), "
          + "whitespace=keep|collapse|remove (collapse)";
    }

    @Override
    public Verifier create(Map<String, String> options) {
      VerifierOptions o = new VerifierOptions(name(), options);
      ExactMatchVerifier verifier = new ExactMatchVerifier(o.bool("trim", true), o.bool("ignore-case", false),
          o.choice("whitespace", Whitespace.COLLAPSE));
      o.finish();
      return verifier;
    }
  }
}
