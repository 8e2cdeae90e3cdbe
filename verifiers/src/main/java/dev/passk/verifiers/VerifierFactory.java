package dev.passk.verifiers;

import java.util.Map;

/**
 * Builds a {@link Verifier} from its per-name configuration. Built-in and third-party factories are
 * both listed in {@code META-INF/services/dev.passk.verifiers.VerifierFactory} and found by
 * {@link VerifierRegistry}; a factory needs a public no-argument constructor.
 */
public interface VerifierFactory {

  /** The name prompts and {@code ./passk verify --verifier NAME} use, e.g. {@code math-answer}. */
  String name();

  /** One line for listings: what it checks and its options with their defaults. */
  String description();

  /**
   * @param options the verifier's configuration; read it through {@link VerifierOptions} so that a
   *     misspelt key fails with the list of valid ones
   * @throws IllegalArgumentException when an option is unknown or invalid
   */
  Verifier create(Map<String, String> options);
}
