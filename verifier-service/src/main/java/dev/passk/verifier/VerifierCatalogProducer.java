package dev.passk.verifier;

import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The verifiers this replica runs: every one found on the class path, each bounded by the limits. */
@ApplicationScoped
public class VerifierCatalogProducer {

  @Produces
  @ApplicationScoped
  VerifierCatalog catalog(VerifierSettings settings) {
    return new VerifierCatalog(VerifierRegistry.load(), settings.options(),
        BoundedVerifier.Limits.of(settings.timeLimit(), settings.maxConcurrent()));
  }

  void close(@Disposes VerifierCatalog catalog) {
    catalog.close();
  }
}
