package dev.passk.verifiers;

import java.util.Collection;

/** A verifier name that no factory provides; the message lists the valid names. */
public final class UnknownVerifierException extends IllegalArgumentException {

  public UnknownVerifierException(String name, Collection<String> validNames) {
    super("unknown verifier '" + name + "'; valid verifiers: " + String.join(", ", validNames)
        + " (a third-party verifier must be on the classpath with a META-INF/services entry)");
  }
}
