package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.PropertiesConfigSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

  private static RunSettings settings(Map<String, String> values) {
    // Only the one system property the defaults refer to: a @QuarkusTest in this JVM leaves its
    // profile's passk.run.* in the system properties.
    SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RunSettings.class).addDefaultInterceptors()
        .withSources(new PropertiesConfigSource(Map.of("java.io.tmpdir", System.getProperty("java.io.tmpdir")), "jvm", 50))
        .withConverter(Duration.class, 100, new DurationConverter())
        .withSources(new PropertiesConfigSource(values, "test", 100)).build();
    return config.getConfigMapping(RunSettings.class);
  }

  @Test
  void defaultsMakeAValidSmallRun() {
    RunSettings s = settings(Map.of());
    LearnerLoop.validate(s);
    assertEquals(20, s.totalSteps());
    assertEquals(1, s.batchPrompts());
    assertEquals(List.of(1, 2, 4, 8), s.evalKs());
    assertEquals(Duration.ofSeconds(300), s.redispatchTimeout());
    assertEquals("cpu", s.device());
    assertEquals(System.getProperty("java.io.tmpdir") + "/passk-learner-state", s.stateDir());
  }

  @Test
  void aSmokeRunsPromptCountBecomesItsStepCountUnlessStepsIsSet() {
    assertEquals(3, settings(Map.of("passk.run.prompts", "3")).totalSteps());
    assertEquals(7, settings(Map.of("passk.run.prompts", "3", "passk.run.steps", "7")).totalSteps());
  }

  @Test
  void settingsThatWouldStallTheRunAreRefusedSayingWhatToFix() {
    var e = assertThrows(IllegalArgumentException.class, () -> LearnerLoop.validate(settings(Map.of(
        "passk.run.max-staleness", "2", "passk.run.checkpoint-interval", "5",
        "passk.run.batch-prompts", "4", "passk.run.max-in-flight", "3", "passk.run.k", "8"))));
    assertTrue(e.getMessage().contains("max-staleness (2) must be >= checkpoint-interval (5)"), e.getMessage());
    assertTrue(e.getMessage().contains("max-in-flight (3) must be >= batch-prompts (4)"), e.getMessage());
    assertTrue(e.getMessage().contains("k (8) must be <= samples (4)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LearnerLoop.validate(settings(Map.of(
        "passk.run.eval-interval", "1", "passk.run.eval-samples", "4", "passk.run.eval-ks", "1,8"))));
  }
}
