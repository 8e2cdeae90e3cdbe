package dev.passk.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.math.InterferenceToyBandit.Objective;
import org.junit.jupiter.api.Test;

/** Exact gradients of the paper's toy and the calibration table of the science notes, section 6. */
class InterferenceToyBanditTest {

  private static final InterferenceToyBandit TOY = InterferenceToyBandit.paperToy();
  private static final double[] START = {2.0, 0.0};

  @Test
  void gradientOfPassAtKMatchesFiniteDifferences() {
    double h = 1e-6;
    for (double[] theta : new double[][] {START, {0.3, -1.2}, {-1.0, 2.5}}) {
      for (int k : new int[] {1, 2, 5, 8}) {
        double[] g = TOY.gradient(theta, k);
        for (int j = 0; j < 2; j++) {
          double[] plus = theta.clone();
          double[] minus = theta.clone();
          plus[j] += h;
          minus[j] -= h;
          assertEquals((TOY.passAtK(plus, k) - TOY.passAtK(minus, k)) / (2 * h), g[j], 1e-9);
        }
      }
    }
  }

  @Test
  void conflictIdentityHoldsExactly() {
    // <grad J_k, grad J_1> = E_D[w_k] E_{D~_k}[a], with D~_k(x) = D(x) w_k(x) / E_D[w_k]
    for (double[] theta : new double[][] {START, {0.3, -1.2}}) {
      double[] p = TOY.successProbabilities(theta);
      double[] a = TOY.agreements(theta);
      for (int k = 1; k <= 16; k++) {
        double meanWeight = 0.0;
        double weightedAgreement = 0.0;
        for (int x = 0; x < p.length; x++) {
          double dw = TOY.prompts().get(x).weight() * PassAtK.gradientWeight(p[x], k);
          meanWeight += dw;
          weightedAgreement += dw * a[x];
        }
        double lhs = PromptGradients.dot(TOY.gradient(theta, k), TOY.gradient(theta, 1));
        assertEquals(lhs, meanWeight * (weightedAgreement / meanWeight), 1e-12, "k=" + k);
      }
    }
  }

  @Test
  void hardPromptsInterfereNegativelyAndTheCurveTurnsNegative() {
    double[] a = TOY.agreements(START);
    for (int x = 0; x < a.length; x++) {
      assertEquals(TOY.prompts().get(x).hard(), a[x] < 0, "prompt " + x);
    }
    double[] curve = TOY.innerProductCurve(START, 16);
    assertTrue(curve[0] > 0, "k = 1 is ||grad J_1||^2");
    for (int k = 2; k <= 16; k++) {
      assertTrue(curve[k - 1] < 0, "conflict from k* = 2 on, k = " + k);
    }
    assertEquals(1, ConflictAwareDirection.adaptiveK(curve));
  }

  @Test
  void cosinesAtTheStartMatchTheNotes() {
    double[] g1 = TOY.gradient(START, 1);
    double[][] expected = {{2, -0.11}, {4, -0.60}, {8, -0.61}, {16, -0.61}};
    for (double[] e : expected) {
      double[] gk = TOY.gradient(START, (int) e[0]);
      double cosine = PromptGradients.dot(gk, g1) / Math.sqrt(PromptGradients.dot(gk, gk) * PromptGradients.dot(g1, g1));
      assertEquals(e[1], cosine, 0.006, "k=" + (int) e[0]);
    }
  }

  @Test
  void calibrationTableIsReproduced() {
    // objective, pass@1 end, pass@8 end (notes section 6; start 0.728 / 0.928 for all)
    Object[][] table = {
        {Objective.PASS1, 0.799, 0.858},
        {Objective.PASS_K, 0.578, 0.998},
        {Objective.ADAPTIVE_K, 0.806, 0.962},
        {Objective.PROJECTION, 0.729, 0.993}};
    assertEquals(0.728, TOY.passAtK(START, 1), 0.0005);
    assertEquals(0.928, TOY.passAtK(START, 8), 0.0005);
    for (Object[] row : table) {
      double[] end = TOY.train(START, (Objective) row[0], 8, 400, 0.5);
      assertEquals((double) row[1], TOY.passAtK(end, 1), 0.001, row[0] + " pass@1");
      assertEquals((double) row[2], TOY.passAtK(end, 8), 0.001, row[0] + " pass@8");
    }
  }
}
