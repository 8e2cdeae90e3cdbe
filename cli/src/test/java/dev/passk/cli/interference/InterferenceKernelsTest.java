package dev.passk.cli.interference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.passk.cli.interference.GradientKernels.Kernels;
import dev.passk.cli.interference.GradientKernels.PromptSamples;
import dev.passk.math.PromptGradients;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The native path (shared rows, coefficient matrices, matMul) against the plain reference
 * {@link PromptGradients} fed with one explicit score vector per sample.
 */
class InterferenceKernelsTest {

  @Test
  void nativeKernelsEqualThePlainPerSampleReference() {
    Random random = new Random(11);
    int m = 7; // distinct sequences, shared across prompts and repeated within them
    int d = 5;
    int n = 9; // odd: the halves have 4 and 5 samples
    int b = 6;
    double[][] rows = new double[m][d];
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        row[j] = random.nextGaussian();
      }
    }
    List<PromptSamples> prompts = new ArrayList<>();
    double[][] g = new double[b][];
    double[] self = new double[b];
    for (int x = 0; x < b; x++) {
      int[] sampleRows = random.ints(n, 0, m).toArray();
      double[] rewards = new double[n];
      for (int i = 0; i < n; i++) {
        rewards[i] = x == 0 ? 1.0 : x == 1 ? random.nextDouble() : random.nextInt(2);
      }
      double[][] scores = new double[n][];
      for (int i = 0; i < n; i++) {
        scores[i] = rows[sampleRows[i]];
      }
      prompts.add(new PromptSamples(sampleRows, rewards));
      g[x] = PromptGradients.estimate(scores, rewards);
      self[x] = PromptGradients.splitHalfSelfKernel(scores, rewards);
    }
    double[][] expectedGram = PromptGradients.gram(g);
    try (NDManager manager = NDManager.newBaseManager()) {
      double[] flat = new double[m * d];
      for (int r = 0; r < m; r++) {
        System.arraycopy(rows[r], 0, flat, r * d, d);
      }
      NDArray s = manager.create(flat, new Shape(m, d));
      Kernels kernels = GradientKernels.compute(s, prompts);
      for (int x = 0; x < b; x++) {
        assertEquals(self[x], kernels.splitHalfSelfKernels()[x], 1e-12, "self-kernel of prompt " + x);
        for (int y = 0; y < b; y++) {
          assertEquals(expectedGram[x][y], kernels.gram()[x][y], 1e-12, "G[" + x + "][" + y + "]");
        }
      }
      assertEquals(0.0, kernels.gram()[0][0], 0.0, "constant rewards give g(x) = 0 exactly");
    }
  }

  @Test
  void withoutRowsEveryKernelIsZero() {
    List<PromptSamples> prompts = List.of(
        new PromptSamples(new int[4], new double[] {1, 1, 1, 1}),
        new PromptSamples(new int[4], new double[4]));
    Kernels kernels = GradientKernels.compute(null, prompts);
    assertEquals(0.0, kernels.gram()[0][1]);
    assertEquals(0.0, kernels.splitHalfSelfKernels()[1]);
  }

  @Test
  void fewerThanFourSamplesCannotBeSplit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PromptSamples(new int[3], new double[3]));
    assertEquals("split halves need at least 4 samples per prompt, got 3", e.getMessage());
  }
}
