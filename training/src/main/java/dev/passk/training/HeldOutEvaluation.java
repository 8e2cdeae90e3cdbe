package dev.passk.training;

import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.tasks.Task;
import dev.passk.verifiers.VerifierCatalog;
import java.util.List;

/** Pass@1 and unbiased pass@k on a fixed held-out prompt set, sampled in-process with the learner's policy. */
public final class HeldOutEvaluation {

  /** Held-out prompts come from the stream {@code seed ^ EVAL_SALT}, disjoint from training seeds. */
  public static final long EVAL_SALT = 0x5eed_e7a1_0000_0001L;

  public HeldOutEvaluation(Task task, int prompts, int samples, List<Integer> ks,
      SamplingSettings sampling, VerifierCatalog verifiers, long seed) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public EvalResult evaluate(Policy policy) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
