package dev.passk.verifiers;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verifier factories on the classpath, by name. Built-ins and third-party jars are found the same
 * way: {@link ServiceLoader} over {@link VerifierFactory}. Two factories claiming one name is a
 * start-up error (the message names both classes).
 */
public final class VerifierRegistry {

  private final Map<String, VerifierFactory> factories;

  private VerifierRegistry(Map<String, VerifierFactory> factories) {
    this.factories = Collections.unmodifiableMap(factories);
  }

  /** Factories visible to the thread's context class loader (the application classpath). */
  public static VerifierRegistry load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  public static VerifierRegistry load(ClassLoader classLoader) {
    Map<String, VerifierFactory> byName = new TreeMap<>();
    for (VerifierFactory factory : ServiceLoader.load(VerifierFactory.class, classLoader)) {
      VerifierFactory previous = byName.putIfAbsent(factory.name(), factory);
      if (previous != null) {
        throw new IllegalStateException("two verifiers are named '" + factory.name() + "': "
            + previous.getClass().getName() + " and " + factory.getClass().getName()
            + "; remove one jar from the classpath");
      }
    }
    return new VerifierRegistry(byName);
  }

  /** The valid names, sorted. */
  public Set<String> names() {
    return factories.keySet();
  }

  /** @throws UnknownVerifierException listing the valid names */
  public VerifierFactory factory(String name) {
    VerifierFactory factory = factories.get(name);
    if (factory == null) {
      throw new UnknownVerifierException(name, names());
    }
    return factory;
  }

  /**
   * Builds the verifier {@code name} with {@code options}.
   *
   * @throws UnknownVerifierException listing the valid names
   * @throws IllegalArgumentException when an option is unknown or invalid
   */
  public Verifier create(String name, Map<String, String> options) {
    return factory(name).create(options);
  }
}
