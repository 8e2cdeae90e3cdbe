package dev.passk.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectiveSettingsTest {

  @Test
  void parsesTheFourObjectivesAndNamesTheValidOnesOtherwise() {
    assertEquals(Objective.PASS1, ObjectiveSettings.parse("pass1", "pkpo", 8).objective());
    assertEquals(Objective.PASSK, ObjectiveSettings.parse("passk", "chen", 8).objective());
    assertEquals(Objective.ADAPTIVE_K, ObjectiveSettings.parse("adaptive-k", "pkpo", 8).objective());
    assertEquals(Objective.PROJECTION,
        ObjectiveSettings.parse("projection", "pkpo-loo1", 8).objective());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> ObjectiveSettings.parse("pass@k", "pkpo", 8));
    assertTrue(unknown.getMessage().contains("pass1, passk, adaptive-k, projection"));
    IllegalArgumentException estimator = assertThrows(IllegalArgumentException.class,
        () -> ObjectiveSettings.parse("passk", "grpo", 8));
    assertTrue(estimator.getMessage().contains("pkpo-loo1"), estimator.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ObjectiveSettings.parse("passk", "pass1", 8));
    assertThrows(IllegalArgumentException.class, () -> ObjectiveSettings.parse("passk", "pkpo", 0));
  }

  @Test
  void kAnnealsLinearlyFromKStartToKThenStays() {
    ObjectiveSettings annealed = ObjectiveSettings.parse("passk", "pkpo", 8).withAnnealing(2, 12);
    assertEquals(2, annealed.kAt(0));
    assertEquals(5, annealed.kAt(6)); // 2 + 6 * 6/12
    assertEquals(7, annealed.kAt(10)); // 2 + 6 * 10/12 = 7
    assertEquals(8, annealed.kAt(12));
    assertEquals(8, annealed.kAt(1000));
    assertEquals(8, ObjectiveSettings.parse("passk", "pkpo", 8).kAt(0));
  }
}
