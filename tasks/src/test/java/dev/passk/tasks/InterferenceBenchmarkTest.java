package dev.passk.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.passk.tasks.Prompt.Difficulty;
import dev.passk.tasks.Prompt.Latent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterferenceBenchmarkTest {

  @Test
  void labelsAndFeaturesFollowTheConfiguredMixture() {
    int n = 40_000;
    List<Prompt> prompts = new InterferenceBenchmark(0.3, 1.2, 0.4, 21).prompts(n, 5);
    double hard = 0;
    double[] sum = new double[2];
    double[] sumSquares = new double[2];
    for (Prompt p : prompts) {
      Latent latent = p.latent().orElseThrow();
      int label = latent.label().ordinal();
      hard += label;
      sum[label] += latent.feature();
      sumSquares[label] += latent.feature() * latent.feature();
    }
    double[] count = {n - hard, hard};
    // Binomial share: 4 standard errors of sqrt(0.3 * 0.7 / n) = 0.0023.
    assertEquals(0.3, hard / n, 4 * Math.sqrt(0.3 * 0.7 / n));
    double[] mean = {0.6, -0.6};
    for (int label = 0; label < 2; label++) {
      double m = sum[label] / count[label];
      double variance = sumSquares[label] / count[label] - m * m;
      assertEquals(mean[label], m, 4 * 0.4 / Math.sqrt(count[label]));
      assertEquals(0.16, variance, 0.01);
    }
  }

  @Test
  void theTextShowsOnlyTheBinAndTheAnswerFollowsTheLabel() {
    InterferenceBenchmark task = InterferenceBenchmark.paperDefaults();
    Map<String, Integer> binOfText = new HashMap<>();
    for (Prompt p : task.prompts(5_000, 9)) {
      Latent latent = p.latent().orElseThrow();
      int bin = task.bin(latent.feature());
      assertEquals(task.render(bin), p.text());
      binOfText.merge(p.text(), bin, (a, b) -> {
        assertEquals(a, b);
        return a;
      });
      String expected = latent.label() == Difficulty.EASY
          ? InterferenceBenchmark.EASY_ANSWER : InterferenceBenchmark.HARD_ANSWER;
      assertEquals(expected, p.answer());
      assertEquals(expected, task.demonstration(p));
    }
    assertEquals(21, binOfText.size(), "5000 draws should reach every bin");
  }

  @Test
  void binsAreTheNearestCentresOnTheClampedRange() {
    InterferenceBenchmark task = InterferenceBenchmark.paperDefaults();
    assertEquals(0, task.bin(-3.0));
    assertEquals(20, task.bin(2.5));
    assertEquals(10, task.bin(0.04));
    assertEquals(11, task.bin(0.06));
    assertEquals(0.1, task.binCentre(11), 1e-12);
    assertEquals("s=-1.00?", task.render(0));
    assertEquals("s=+0.00?", task.render(10));
    for (int b = 0; b < 21; b++) {
      assertEquals(b, task.bin(task.binCentre(b)));
    }
  }

  @Test
  void rejectsInvalidKnobs() {
    assertThrows(IllegalArgumentException.class, () -> new InterferenceBenchmark(1.5, 1, 0.5, 21));
    assertThrows(IllegalArgumentException.class, () -> new InterferenceBenchmark(0.2, -1, 0.5, 21));
    assertThrows(IllegalArgumentException.class, () -> new InterferenceBenchmark(0.2, 1, 0, 21));
    assertThrows(IllegalArgumentException.class, () -> new InterferenceBenchmark(0.2, 1, 0.5, 1));
  }
}
