package dev.passk.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoPlanTest {

  @Test
  void theLearnerEnvironmentCarriesThePlanAndTheStableStepSize() {
    Map<String, String> env = DemoPlan.standard().learnerEnv("run-1", "passk", "/tmp/state");
    assertEquals("run-1", env.get("PASSK_RUN_ID"));
    assertEquals("passk", env.get("PASSK_RUN_OBJECTIVE"));
    assertEquals("32", env.get("PASSK_RUN_BATCH_PROMPTS"));
    assertEquals("60", env.get("PASSK_RUN_STEPS"));
    assertEquals("16", env.get("PASSK_RUN_SAMPLES"));
    assertEquals("8", env.get("PASSK_RUN_K"));
    assertEquals("2", env.get("PASSK_RUN_CHECKPOINT_INTERVAL"));
    // 1e-3 collapsed pipelined pass@1 runs (samples 1-2 versions stale); see LEARNING_RATE
    assertEquals(3e-4, Double.parseDouble(env.get("PASSK_RUN_LEARNING_RATE")), 0);
  }

  @Test
  void stepsMustBeAMultipleOfTheEvaluationIntervalAndObjectivesKnown() {
    assertThrows(IllegalArgumentException.class,
        () -> new DemoPlan(List.of("pass1"), 30, 32, 20, 200));
    assertThrows(IllegalArgumentException.class,
        () -> new DemoPlan(List.of("pass2"), 40, 32, 20, 200));
    DemoPlan shorter = DemoPlan.standard().only("pass1").withSteps(30);
    assertEquals(List.of("pass1"), shorter.objectives());
    assertEquals(30, shorter.evalInterval(), "30 is no multiple of 20: evaluate at the end");
  }
}
