package dev.passk.verifiers.builtin;

import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierRegistry;
import dev.passk.verifiers.VerifierResult;
import java.util.Map;

/** Test helpers: build a built-in by name through the registry, as the service does. */
final class Verifiers {

  private static final VerifierRegistry REGISTRY = VerifierRegistry.load();

  private Verifiers() {
  }

  static Verifier create(String name, String... keyValues) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      options.put(keyValues[i], keyValues[i + 1]);
    }
    return REGISTRY.create(name, options);
  }

  static VerifierResult verify(Verifier verifier, String answer, String completion) {
    return verifier.verify(VerificationRequest.of(answer, completion));
  }
}
