package dev.passk.policy;

/**
 * Log-probs of a completion under the current weights.
 *
 * @param tokenLogprobs log pi(y_t | x, y_<t) for each completion token
 * @param sum log pi(y | x), the sum of {@code tokenLogprobs}
 */
public record SequenceLogprobs(double[] tokenLogprobs, double sum) {}
