package dev.passk.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BuildSmokeTest {
  @Test
  void runs() {
    assertEquals(4, Math.addExact(2, 2));
  }
}
