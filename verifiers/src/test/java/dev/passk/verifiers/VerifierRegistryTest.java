package dev.passk.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifierRegistryTest {

  private final VerifierRegistry registry = VerifierRegistry.load();

  @Test
  void builtInsAreFoundThroughServiceLoaderByName() {
    assertTrue(registry.names().containsAll(Set.of("exact-match", "numeric", "math-answer", "regex", "program", "http")),
        registry.names().toString());
    assertEquals(1.0, registry.create("exact-match", Map.of()).verify(VerificationRequest.of("42", " 42 ")).reward());
  }

  @Test
  void unknownNameFailsListingTheValidOnes() {
    UnknownVerifierException e = assertThrows(UnknownVerifierException.class, () -> registry.create("maths", Map.of()));
    assertTrue(e.getMessage().contains("unknown verifier 'maths'") && e.getMessage().contains("math-answer, numeric"), e.getMessage());
  }

  @Test
  void misspeltOrInvalidOptionFailsNamingTheValidOnes() {
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
        () -> registry.create("exact-match", Map.of("ignore-cse", "true")));
    assertEquals("verifier 'exact-match': unknown option 'ignore-cse'; valid options: ignore-case, trim, whitespace", typo.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> registry.create("numeric", Map.of("extract", "first")));
    assertTrue(bad.getMessage().contains("must be one of [whole, last-number], got 'first'"), bad.getMessage());
  }

  @Test
  void catalogBuildsConfiguredAliasesWithTheirOwnOptionsAndLimits() {
    BoundedVerifier.Limits defaults = BoundedVerifier.Limits.of(Duration.ofSeconds(5), 2);
    try (VerifierCatalog catalog = new VerifierCatalog(registry,
        Map.of("caseless", Map.of("type", "exact-match", "ignore-case", "true", "max-concurrent", "3")), defaults)) {
      assertEquals(1.0, catalog.verifyAsync("caseless", VerificationRequest.of("Paris", "PARIS")).join().reward());
      assertEquals(0.0, catalog.verifyAsync("exact-match", VerificationRequest.of("Paris", "PARIS")).join().reward());
      assertEquals(3, catalog.get("caseless").limits().maxConcurrent());
      VerifierResult unknown = catalog.verifyAsync("nope", VerificationRequest.of("a", "a")).join();
      assertEquals(VerifierResult.Status.ERROR, unknown.status());
      assertTrue(unknown.detail().contains("caseless"), unknown.detail());
    }
    IllegalArgumentException badType = assertThrows(IllegalArgumentException.class, () -> new VerifierCatalog(registry,
        Map.of("x", Map.of("type", "exactmatch")), defaults));
    assertTrue(badType.getMessage().contains("type 'exactmatch' is not a verifier"), badType.getMessage());
  }

  @Test
  void resultRejectsRewardsOutsideTheUnitIntervalAndNonZeroFailures() {
    assertThrows(IllegalArgumentException.class, () -> VerifierResult.ok(1.5, ""));
    assertThrows(IllegalArgumentException.class, () -> VerifierResult.ok(Double.NaN, ""));
    assertThrows(IllegalArgumentException.class, () -> new VerifierResult(0.5, VerifierResult.Status.TIMEOUT, ""));
    assertEquals(VerifierResult.MAX_DETAIL_CHARS, VerifierResult.error("x".repeat(10_000)).detail().length());
  }
}
