package dev.passk.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaxWordsVerifierTest {

  @Test
  void registryDiscoversThePluginByNameNextToTheBuiltIns() {
    VerifierRegistry registry = VerifierRegistry.load();
    assertTrue(registry.names().contains("max-words"), registry.names().toString());
    assertTrue(registry.names().contains("math-answer"), registry.names().toString());
    assertEquals(MaxWordsVerifier.Factory.class, registry.factory("max-words").getClass());
  }

  @Test
  void scoresWithItsConfiguredOptions() {
    Verifier verifier = VerifierRegistry.load().create("max-words", Map.of("max-words", "3"));
    assertEquals(1.0, verifier.verify(VerificationRequest.of("Paris", "It's paris.")).reward());
    assertEquals(0.0, verifier.verify(VerificationRequest.of("Paris", "The capital is Paris")).reward());
    assertEquals(0.0, verifier.verify(VerificationRequest.of("Paris", "London")).reward());
  }
}
