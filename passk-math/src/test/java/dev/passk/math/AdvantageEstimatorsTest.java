package dev.passk.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdvantageEstimatorsTest {

  @Test
  void namesAreTheCommandLineContractPlusPkpoLoo() {
    assertEquals(List.of("chen", "pass1", "pkpo", "pkpo-loo", "pkpo-loo1"), AdvantageEstimators.names());
    for (String name : AdvantageEstimators.names()) {
      assertEquals(name, AdvantageEstimators.byName(name).name());
    }
  }

  @Test
  void unknownNameListsTheValidOnes() {
    String message = assertThrows(IllegalArgumentException.class, () -> AdvantageEstimators.byName("grpo"))
        .getMessage();
    assertTrue(message.contains("'grpo'") && message.contains("chen, pass1, pkpo, pkpo-loo, pkpo-loo1"), message);
  }

  @Test
  void chenMatchesThePaperFormulaWithBigIntegerBinomials() {
    double[] rewards = {1, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    int n = rewards.length;
    int negatives = 7;
    for (int k = 1; k <= n; k++) {
      double r = 1 - Exact.binomialRatio(negatives, k, n, k);
      double sigma = Math.sqrt(r * (1 - r));
      double positive = (1 - r) / sigma;
      double negative = (1 - r - Exact.binomialRatio(negatives - 1, k - 1, n - 1, k - 1)) / sigma;
      double[] expected = new double[n];
      for (int i = 0; i < n; i++) {
        expected[i] = sigma == 0 ? 0 : rewards[i] == 1 ? positive : negative;
      }
      assertArrayEquals(expected, ChenPassAtKAdvantage.paperAdvantages(rewards, k), 1e-12, "k=" + k);
      double[] summed = AdvantageEstimators.byName("chen").advantages(rewards, k);
      for (int i = 0; i < n; i++) {
        assertEquals(expected[i] / n, summed[i], 1e-13);
      }
    }
  }

  @Test
  void chenAtKOneIsGrpo() {
    double[] rewards = {1, 0, 0, 1, 0};
    double mean = 0.4;
    double sd = Math.sqrt(mean * (1 - mean));
    double[] expected = java.util.Arrays.stream(rewards).map(r -> (r - mean) / sd).toArray();
    assertArrayEquals(expected, ChenPassAtKAdvantage.paperAdvantages(rewards, 1), 1e-12);
  }

  @Test
  void pass1IsRlooOverN() {
    assertArrayEquals(new double[] {(1 - 1.0 / 3) / 4, (0 - 2.0 / 3) / 4, (1 - 1.0 / 3) / 4, (0 - 2.0 / 3) / 4},
        AdvantageEstimators.byName("pass1").advantages(new double[] {1, 0, 1, 0}, 3), 1e-15);
  }

  @Test
  void errorsSayWhatToFix() {
    assertTrue(message(() -> AdvantageEstimators.byName("pkpo-loo").advantages(new double[] {1, 0}, 2))
        .contains("pkpo-loo1"));
    assertTrue(message(() -> AdvantageEstimators.byName("chen").advantages(new double[] {0.5, 1}, 1))
        .contains("binary"));
    assertTrue(message(() -> AdvantageEstimators.byName("pass1").advantages(new double[] {1}, 1))
        .contains("at least 2"));
    assertTrue(message(() -> AdvantageEstimators.byName("pkpo").advantages(new double[] {1, 0}, 3))
        .contains("between 1 and"));
  }

  private static String message(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }
}
