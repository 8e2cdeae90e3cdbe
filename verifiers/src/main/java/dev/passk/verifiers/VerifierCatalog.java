package dev.passk.verifiers;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named, bounded verifiers a service or command uses: what {@code verifier-service} calls per
 * prompt.
 *
 * <p>A name is either a factory name used as is ({@code math-answer}) or a configured name. Each
 * configured name has options; three keys are the catalog's, the rest go to the factory:
 * <ul>
 *   <li>{@code type}: the factory (default: the configured name itself), so {@code math-strict} can be
 *       a {@code math-answer} with other options;</li>
 *   <li>{@code time-limit-ms}, {@code max-concurrent}, {@code max-queue-wait-ms}: this name's
 *       {@link BoundedVerifier.Limits} (defaults: the catalog's).</li>
 * </ul>
 * Configured names are built in the constructor, so a bad option fails at start-up; each verifier is
 * built once and shared by all threads.
 */
public final class VerifierCatalog implements AutoCloseable {

  public static final String TYPE = "type";
  public static final String TIME_LIMIT_MS = "time-limit-ms";
  public static final String MAX_CONCURRENT = "max-concurrent";
  public static final String MAX_QUEUE_WAIT_MS = "max-queue-wait-ms";

  private final VerifierRegistry registry;
  private final Map<String, Map<String, String>> configured;
  private final BoundedVerifier.Limits defaults;
  private final Map<String, BoundedVerifier> built = new ConcurrentHashMap<>();

  /**
   * @param configured options per configured name (may be empty)
   * @param defaults limits for names whose configuration does not set them
   * @throws IllegalArgumentException for an unknown type or a bad option, naming the verifier
   */
  public VerifierCatalog(VerifierRegistry registry, Map<String, Map<String, String>> configured,
      BoundedVerifier.Limits defaults) {
    this.registry = registry;
    this.configured = Map.copyOf(configured);
    this.defaults = defaults;
    this.configured.keySet().forEach(this::get);
  }

  /** Every name {@link #get} accepts: the factories' and the configured ones. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>(registry.names());
    names.addAll(configured.keySet());
    return names;
  }

  /** @throws UnknownVerifierException listing {@link #names()} */
  public BoundedVerifier get(String name) {
    BoundedVerifier verifier = built.get(name);
    return verifier != null ? verifier : built.computeIfAbsent(name, this::build);
  }

  /** Scores {@code request} with the verifier {@code name}; an unknown name completes with {@code ERROR}. */
  public CompletableFuture<VerifierResult> verifyAsync(String name, VerificationRequest request) {
    try {
      return get(name).verifyAsync(request);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(VerifierResult.error(e.getMessage()));
    }
  }

  @Override
  public void close() {
    built.values().forEach(BoundedVerifier::close);
  }

  private BoundedVerifier build(String name) {
    Map<String, String> options = new HashMap<>(configured.getOrDefault(name, Map.of()));
    if (!configured.containsKey(name) && !registry.names().contains(name)) {
      throw new UnknownVerifierException(name, names());
    }
    String type = options.getOrDefault(TYPE, name);
    BoundedVerifier.Limits limits = new BoundedVerifier.Limits(
        Duration.ofMillis(limit(name, options.remove(TIME_LIMIT_MS), defaults.timeLimit().toMillis(), TIME_LIMIT_MS)),
        (int) limit(name, options.remove(MAX_CONCURRENT), defaults.maxConcurrent(), MAX_CONCURRENT),
        Duration.ofMillis(limit(name, options.remove(MAX_QUEUE_WAIT_MS), defaults.maxQueueWait().toMillis(), MAX_QUEUE_WAIT_MS)));
    options.remove(TYPE);
    if (!registry.names().contains(type)) {
      throw new IllegalArgumentException("verifier '" + name + "': type '" + type + "' is not a verifier; valid types: "
          + String.join(", ", registry.names()));
    }
    return new BoundedVerifier(name, registry.create(type, options), limits);
  }

  private static long limit(String name, String value, long defaultValue, String key) {
    if (value == null) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed < 1) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("verifier '" + name + "': option '" + key + "' must be a positive integer, got '" + value + "'");
    }
  }
}
