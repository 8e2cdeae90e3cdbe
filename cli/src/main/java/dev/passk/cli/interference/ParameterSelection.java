package dev.passk.cli.interference;

import dev.passk.policy.Policy;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which parameters the per-sample gradients cover. The paper takes the final hidden layer's
 * parameters (science notes section 2); inner products over a subset are the interference of
 * that subset, not of the whole model.
 */
public enum ParameterSelection {
  /** The last decoder layer ({@link Policy#lastLayerPrefix()}): the paper's choice, the default. */
  LAST_LAYER,
  /** The output head ({@link Policy#headParameterName()}; the embedding when it is tied). */
  HEAD,
  /** Every parameter. */
  ALL;

  /** The option value: {@code last-layer}, {@code head}, {@code all}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @throws IllegalArgumentException naming the valid values */
  public static ParameterSelection parse(String value) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown parameter selection '" + value
            + "'; valid: " + Arrays.stream(values()).map(ParameterSelection::wire)
                .collect(Collectors.joining(", "))));
  }

  /** The parameter names this selection keeps in {@code policy}. */
  public Predicate<String> of(Policy policy) {
    return switch (this) {
      case LAST_LAYER -> name -> name.startsWith(policy.lastLayerPrefix());
      case HEAD -> name -> name.equals(policy.headParameterName());
      case ALL -> name -> true;
    };
  }
}
