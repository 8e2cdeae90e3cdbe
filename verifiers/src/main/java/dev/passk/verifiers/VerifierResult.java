package dev.passk.verifiers;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of one verification.
 *
 * <p>{@code OK} means the verifier ran and {@code reward} is its judgement. {@code ERROR} and {@code
 * TIMEOUT} mean it could not judge (bad reference, crashed plug-in, unreachable server, time limit):
 * their reward is 0 but consumers must look at the status, never read such a 0 as "wrong".
 *
 * @param reward in [0, 1]; exactly 0 unless the status is {@code OK}
 * @param status whether the reward is a judgement
 * @param detail a short human-readable reason (at most {@value #MAX_DETAIL_CHARS} characters)
 */
public record VerifierResult(double reward, Status status, String detail) {

  /** Details are cut to this length so a huge completion never ends up in a Kafka header or log. */
  public static final int MAX_DETAIL_CHARS = 300;

  public enum Status {
    OK, ERROR, TIMEOUT;

    /** The wire form: {@code ok}, {@code error}, {@code timeout}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public VerifierResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    if (!(reward >= 0.0 && reward <= 1.0)) {
      throw new IllegalArgumentException("reward must be in [0, 1], got " + reward);
    }
    if (status != Status.OK && reward != 0.0) {
      throw new IllegalArgumentException("a " + status.label() + " result must have reward 0, got " + reward);
    }
    detail = shorten(detail);
  }

  public static VerifierResult ok(double reward, String detail) {
    return new VerifierResult(reward, Status.OK, detail);
  }

  /** {@code OK} with reward 1 when {@code correct}, else 0. */
  public static VerifierResult of(boolean correct, String detail) {
    return ok(correct ? 1.0 : 0.0, detail);
  }

  public static VerifierResult error(String detail) {
    return new VerifierResult(0.0, Status.ERROR, detail);
  }

  public static VerifierResult timeout(String detail) {
    return new VerifierResult(0.0, Status.TIMEOUT, detail);
  }

  public boolean isOk() {
    return status == Status.OK;
  }

  /** Cuts {@code text} to {@link #MAX_DETAIL_CHARS}, marking the cut; also used to quote inputs in details. */
  public static String shorten(String text) {
    return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS - 3) + "...";
  }

  /** {@code text} cut to {@code max} characters for quoting inside a detail. */
  public static String quote(String text, int max) {
    return "'" + (text.length() <= max ? text : text.substring(0, max) + "...(" + text.length() + " chars)") + "'";
  }
}
