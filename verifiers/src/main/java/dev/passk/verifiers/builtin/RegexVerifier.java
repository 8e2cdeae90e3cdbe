package dev.passk.verifiers.builtin;

import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierFactory;
import dev.passk.verifiers.VerifierOptions;
import dev.passk.verifiers.VerifierResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reward 1 when the completion matches a regular expression: the {@code pattern} option, or else the
 * request's answer. A catastrophically backtracking pattern cannot hang: the matcher reads the
 * completion through {@link DeadlineCharSequence}, which aborts the match after {@code time-limit-ms}
 * and the result is {@code TIMEOUT}. A bad pattern is an {@code ERROR}.
 */
public final class RegexVerifier implements Verifier {

  /** {@code find}: anywhere in the completion; {@code full}: the whole (trimmed) completion. */
  enum Mode { FIND, FULL }

  /** Patterns taken from answers are compiled once; the cache is cleared when it grows past this. */
  private static final int MAX_CACHED_PATTERNS = 1024;

  private final Pattern fixedPattern;
  private final Mode mode;
  private final int flags;
  private final long timeLimitNanos;
  private final Map<String, Pattern> answerPatterns = new ConcurrentHashMap<>();

  RegexVerifier(String pattern, Mode mode, int flags, long timeLimitNanos) {
    this.fixedPattern = pattern == null ? null : Pattern.compile(pattern, flags);
    this.mode = mode;
    this.flags = flags;
    this.timeLimitNanos = timeLimitNanos;
  }

  @Override
  public VerifierResult verify(VerificationRequest request) {
    Pattern pattern;
    try {
      pattern = fixedPattern != null ? fixedPattern : answerPattern(request.answer());
    } catch (PatternSyntaxException e) {
      return VerifierResult.error("answer is not a valid regular expression: " + e.getDescription());
    }
    String text = mode == Mode.FULL ? request.completion().strip() : request.completion();
    Matcher matcher = pattern.matcher(new DeadlineCharSequence(text, System.nanoTime() + timeLimitNanos));
    try {
      boolean matched = mode == Mode.FULL ? matcher.matches() : matcher.find();
      return VerifierResult.of(matched, (matched ? "matches " : "does not match ") + VerifierResult.quote(pattern.pattern(), 60));
    } catch (DeadlineCharSequence.DeadlineExceeded e) {
      return VerifierResult.timeout("matching " + VerifierResult.quote(pattern.pattern(), 60) + " took longer than "
          + timeLimitNanos / 1_000_000 + " ms (catastrophic backtracking?)");
    }
  }

  private Pattern answerPattern(String regex) {
    if (answerPatterns.size() >= MAX_CACHED_PATTERNS) {
      answerPatterns.clear();
    }
    return answerPatterns.computeIfAbsent(regex, r -> Pattern.compile(r, flags));
  }

  /** A CharSequence that throws once a deadline passes; the regex engine reads every character through it. */
  static final class DeadlineCharSequence implements CharSequence {
    static final class DeadlineExceeded extends RuntimeException {
      DeadlineExceeded() {
        super(null, null, false, false);
      }
    }

    private final CharSequence text;
    private final long deadlineNanos;
    private int reads;

    DeadlineCharSequence(CharSequence text, long deadlineNanos) {
      this.text = text;
      this.deadlineNanos = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0xFFFF) == 0 && (System.nanoTime() > deadlineNanos || Thread.currentThread().isInterrupted())) {
        throw new DeadlineExceeded();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new DeadlineCharSequence(text.subSequence(start, end), deadlineNanos);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  /** {@code regex}: options {@code pattern}, {@code mode}, {@code ignore-case}, {@code dotall}, {@code time-limit-ms}. */
  public static final class Factory implements VerifierFactory {
    @Override
    public String name() {
      return "regex";
    }

    @Override
    public String description() {
      return "completion matches a regex; options: pattern (default: the request's answer), mode=find|full (find), "
          + "ignore-case (false), dotall (false), time-limit-ms (1000)";
    }

    @Override
    public Verifier create(Map<String, String> options) {
      VerifierOptions o = new VerifierOptions(name(), options);
      String pattern = o.string("pattern", null);
      int flags = (o.bool("ignore-case", false) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
          | (o.bool("dotall", false) ? Pattern.DOTALL : 0);
      Mode mode = o.choice("mode", Mode.FIND);
      long timeLimitNanos = o.millis("time-limit-ms", 1000).toNanos();
      o.finish();
      try {
        return new RegexVerifier(pattern, mode, flags, timeLimitNanos);
      } catch (PatternSyntaxException e) {
        throw o.invalid("pattern", "is not a valid regular expression: " + e.getDescription());
      }
    }
  }
}
