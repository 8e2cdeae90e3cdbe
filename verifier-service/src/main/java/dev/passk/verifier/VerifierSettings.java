package dev.passk.verifier;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** {@code passk.verifier.*}: limits of every verifier and per-verifier options. */
@ConfigMapping(prefix = "passk.verifier")
public interface VerifierSettings {

  /** Longest a verifier may take on one completion before its result is TIMEOUT. */
  @WithDefault("10s")
  Duration timeLimit();

  /** Completions verified at once per verifier name. */
  @WithDefault("4")
  int maxConcurrent();

  /**
   * Options by verifier name, e.g. {@code passk.verifier.options.numeric.tolerance=1e-6}; a
   * verifier given here but not found on the class path fails the start listing the valid names.
   */
  Map<String, Map<String, String>> options();
}
