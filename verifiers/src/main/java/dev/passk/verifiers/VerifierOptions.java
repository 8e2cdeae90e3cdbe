package dev.passk.verifiers;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, checked access to one verifier's {@code Map<String, String>} configuration.
 *
 * <p>Each getter names an option and its default; {@link #finish()} then rejects any key no getter
 * asked for, listing the valid ones, so a typo ({@code ignore-cse=true}) fails at start-up instead of
 * being silently ignored. Errors name the verifier, the option and what was expected.
 */
public final class VerifierOptions {

  private final String verifier;
  private final Map<String, String> values;
  private final Set<String> known = new TreeSet<>();

  public VerifierOptions(String verifier, Map<String, String> values) {
    this.verifier = verifier;
    this.values = new HashMap<>(values);
  }

  public String string(String key, String defaultValue) {
    known.add(key);
    return values.getOrDefault(key, defaultValue);
  }

  /** A required option: fails when missing. */
  public String require(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw invalid(key, "is required");
    }
    return value;
  }

  public boolean bool(String key, boolean defaultValue) {
    String value = string(key, Boolean.toString(defaultValue));
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, "must be true or false, got '" + value + "'");
    };
  }

  public int integer(String key, int defaultValue, int min, int max) {
    String value = string(key, Integer.toString(defaultValue));
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw invalid(key, "must be in [" + min + ", " + max + "], got " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw invalid(key, "must be an integer, got '" + value + "'");
    }
  }

  public double decimal(String key, double defaultValue, double min) {
    String value = string(key, Double.toString(defaultValue));
    try {
      double parsed = Double.parseDouble(value.trim());
      if (!(parsed >= min) || Double.isInfinite(parsed)) {
        throw invalid(key, "must be a finite number >= " + min + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw invalid(key, "must be a number, got '" + value + "'");
    }
  }

  /** A duration given in milliseconds. */
  public Duration millis(String key, long defaultMillis) {
    return Duration.ofMillis(integer(key, (int) defaultMillis, 1, Integer.MAX_VALUE));
  }

  /** One of a fixed set of words. */
  public <E extends Enum<E>> E choice(String key, E defaultValue) {
    String value = string(key, wire(defaultValue));
    for (E constant : defaultValue.getDeclaringClass().getEnumConstants()) {
      if (wire(constant).equals(value)) {
        return constant;
      }
    }
    throw invalid(key, "must be one of " + Arrays.stream(defaultValue.getDeclaringClass().getEnumConstants())
        .map(VerifierOptions::wire).toList() + ", got '" + value + "'");
  }

  /** Rejects keys no getter asked for. Call after reading every option. */
  public void finish() {
    for (String key : new TreeSet<>(values.keySet())) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("verifier '" + verifier + "': unknown option '" + key
            + "'; valid options: " + String.join(", ", known));
      }
    }
  }

  public IllegalArgumentException invalid(String key, String problem) {
    return new IllegalArgumentException("verifier '" + verifier + "': option '" + key + "' " + problem);
  }

  /** {@code LAST_NUMBER} is written {@code last-number}. */
  private static String wire(Enum<?> constant) {
    return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
