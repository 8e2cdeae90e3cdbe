package dev.passk.math;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The advantage estimators by name: pkpo, pkpo-loo, pkpo-loo1, chen, pass1. */
public final class AdvantageEstimators {

  private static final Map<String, AdvantageEstimator> BY_NAME = Stream.<AdvantageEstimator>of(
          new PkpoAdvantage(), new PkpoLooAdvantage(), new PkpoLooMinusOneAdvantage(),
          new ChenPassAtKAdvantage(), new Pass1LooAdvantage())
      .collect(Collectors.toMap(AdvantageEstimator::name, Function.identity(), (a, b) -> a, TreeMap::new));

  private AdvantageEstimators() {}

  /** @throws IllegalArgumentException for an unknown name, listing the valid ones */
  public static AdvantageEstimator byName(String name) {
    AdvantageEstimator estimator = BY_NAME.get(name);
    if (estimator == null) {
      throw new IllegalArgumentException(
          "unknown estimator '" + name + "'; valid estimators: " + String.join(", ", names()));
    }
    return estimator;
  }

  /** The valid names, sorted. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }
}
