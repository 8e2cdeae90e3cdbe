package dev.passk.training;

import dev.passk.math.PassAtK;
import dev.passk.policy.Completion;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.tasks.Prompt;
import dev.passk.tasks.Task;
import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.VerifierCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Pass@1 and unbiased pass@k on a fixed held-out prompt set, sampled in-process with the learner's
 * policy. The prompts and the sampling seed are the same at every evaluation, so two evaluations
 * differ only through the weights (common random numbers: the measured change of pass@1 between
 * evaluations is not swamped by sampling noise).
 */
public final class HeldOutEvaluation {

  /** Held-out prompts come from the stream {@code seed ^ EVAL_SALT}, disjoint from training seeds. */
  public static final long EVAL_SALT = 0x5eed_e7a1_0000_0001L;

  private final List<Prompt> prompts;
  private final int samples;
  private final List<Integer> ks;
  private final SamplingSettings sampling;
  private final VerifierCatalog verifiers;
  private final long samplingSeed;

  /**
   * @param prompts held-out prompts: {@code task.prompt(seed ^ EVAL_SALT, i)} for i &lt; prompts
   * @param samples n completions per prompt
   * @param ks the k of the reported pass@k, each in [1, samples]
   * @param verifiers scores completions by each prompt's verifier name
   */
  public HeldOutEvaluation(Task task, int prompts, int samples, List<Integer> ks,
      SamplingSettings sampling, VerifierCatalog verifiers, long seed) {
    if (prompts < 1 || samples < 1) {
      throw new IllegalArgumentException("evaluation needs prompts >= 1 and samples >= 1, got "
          + prompts + " and " + samples);
    }
    for (int k : ks) {
      if (k < 1 || k > samples) {
        throw new IllegalArgumentException("eval k = " + k + " must be between 1 and the eval "
            + "samples per prompt = " + samples);
      }
    }
    this.prompts = task.prompts(prompts, seed ^ EVAL_SALT);
    this.samples = samples;
    this.ks = List.copyOf(ks);
    this.sampling = sampling;
    this.verifiers = verifiers;
    this.samplingSeed = seed ^ EVAL_SALT;
  }

  /** The held-out prompts, in order. */
  public List<Prompt> prompts() {
    return prompts;
  }

  /** Samples, verifies and averages; the policy is only read. */
  public EvalResult evaluate(Policy policy) {
    List<List<Completion>> completions = policy.sample(
        prompts.stream().map(Prompt::text).toList(), samples, sampling, samplingSeed);
    List<double[]> rewards = Rewards.score(prompts, completions, verifiers);
    double pass1 = rewards.stream().mapToDouble(r -> PassAtK.estimate(r, 1)).average().orElseThrow();
    SortedMap<Integer, Double> passAtK = new TreeMap<>();
    for (int k : ks) {
      passAtK.put(k, rewards.stream().mapToDouble(r -> PassAtK.estimate(r, k)).average().orElseThrow());
    }
    return new EvalResult(prompts.size(), samples, pass1, passAtK);
  }

  /** Verifier scoring shared by evaluation and in-process training. */
  public static final class Rewards {

    private Rewards() {}

    /**
     * Each prompt's completions scored by the prompt's verifier; a verifier ERROR or TIMEOUT is
     * reward 0 (as the learner counts it).
     */
    public static List<double[]> score(List<Prompt> prompts, List<List<Completion>> completions,
        VerifierCatalog verifiers) {
      List<List<CompletableFuture<dev.passk.verifiers.VerifierResult>>> pending = new ArrayList<>();
      for (int p = 0; p < prompts.size(); p++) {
        Prompt prompt = prompts.get(p);
        pending.add(completions.get(p).stream().map(c -> verifiers.verifyAsync(prompt.verifier(),
            new VerificationRequest(prompt.text(), prompt.answer(), c.text()))).toList());
      }
      return pending.stream().map(futures -> futures.stream()
          .mapToDouble(f -> f.join().reward()).toArray()).toList();
    }
  }
}
