package dev.passk.training;

/** What the learner optimises (issue 7; science.md sections 1 and 6). */
public enum Objective {
  /** pass@1 with the leave-one-out baseline (estimator {@code pass1}). */
  PASS1,
  /** pass@k with a PKPO or Chen estimator. */
  PASSK,
  /** pass@k with, each step, the largest k &lt;= K whose estimated &lt;g_k, g_1&gt; &gt;= 0. */
  ADAPTIVE_K,
  /** pass@k minus its component along g_1 when &lt;g_k, g_1&gt; &lt; 0 (PCGrad style). */
  PROJECTION
}
