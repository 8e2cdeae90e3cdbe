package dev.passk.math;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The prompt-interference diagnostics of one batch of B prompts (science notes sections 2 and 4),
 * built by {@link InterferenceDiagnostics}. Per-prompt lists are in batch order; the curve's entry
 * k-1 is the value for k. Norms, inner products and the cosine estimate population quantities over
 * the prompt distribution D (see {@link InterferenceDiagnostics} for the estimators).
 *
 * @param k the k of the pass@k objective (weights, mass, inner product and cosine are for this k)
 * @param successRates p_hat(x)
 * @param passAtKWeights w_k(p_hat(x)) = k (1 - p_hat)^(k-1)
 * @param agreements a_hat(x), the estimated <grad p(x), grad J_1>
 * @param negativeShare fraction of prompts with a_hat(x) &lt; 0
 * @param negativeWeightMass sum of w_k over prompts with a_hat &lt; 0, divided by the sum of all w_k
 *     (the probability of the negatively interfering set under D~_k; 0 when every w_k is 0)
 * @param innerProduct <grad J_k, grad J_1> = E_D[w_k] E_{D~_k}[a] estimated as (1/B) sum_x w_k a_hat
 * @param cosine innerProduct / (normPassAtK normPass1); NaN when a squared-norm estimate is &lt;= 0
 * @param normPassAtK ||grad J_k|| (0 when its unbiased squared estimate is negative)
 * @param normPass1 ||grad J_1|| (same rule)
 * @param innerProductCurve <grad J_k', grad J_1> for k' = 1..k
 * @param thresholdK k*: the smallest k' in 1..k with a negative inner product, empty if none
 * @param predictedPass1Change first-order change of J_1 for the applied update u, <grad J_1, u>;
 *     empty when the learner gave no <g(x), u>
 * @param selfPairsIncluded true when split-half self-kernels were given and the batch is treated
 *     as the whole distribution (pairs x = x' included), false for leave-one-out (x != x' only)
 */
public record InterferenceReport(
    int k,
    List<Double> successRates,
    List<Double> passAtKWeights,
    List<Double> agreements,
    double negativeShare,
    double negativeWeightMass,
    double innerProduct,
    double cosine,
    double normPassAtK,
    double normPass1,
    List<Double> innerProductCurve,
    OptionalInt thresholdK,
    OptionalDouble predictedPass1Change,
    boolean selfPairsIncluded) {

  public InterferenceReport {
    successRates = List.copyOf(successRates);
    passAtKWeights = List.copyOf(passAtKWeights);
    agreements = List.copyOf(agreements);
    innerProductCurve = List.copyOf(innerProductCurve);
    if (innerProductCurve.size() != k) {
      throw new IllegalArgumentException("the curve needs one value per k' = 1.." + k);
    }
  }
}
