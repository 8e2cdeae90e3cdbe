package dev.passk.sampler;

import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.Rollout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples one micro-batch: the n completions of every prompt in one batched KV-cache draw, packed
 * into one rollout record per prompt, tagged with the version of the leased policy that drew them.
 */
public final class RolloutSampling {

  private final SamplingSettings settings;
  private final long seed;
  private final String replicaId;

  public RolloutSampling(SamplingSettings settings, long seed, String replicaId) {
    this.settings = settings;
    this.seed = seed;
    this.replicaId = replicaId;
  }

  /**
   * Draws {@code prompt.samples} completions of every prompt in one call. The random stream
   * depends only on the run seed and the micro-batch's dispatch ids (runId, promptId, attempt), so
   * a re-delivered micro-batch of the same prompts yields the same samples.
   */
  public List<Rollout> sample(PolicySlot.Lease lease, List<Prompt> prompts) {
    long start = System.nanoTime();
    List<String> rows = new ArrayList<>();
    for (Prompt prompt : prompts) {
      for (int i = 0; i < prompt.getSamples(); i++) {
        rows.add(prompt.getText());
      }
    }
    List<List<dev.passk.policy.Completion>> drawn = lease.policy().sample(rows, 1, settings, streamSeed(prompts));
    long millis = (System.nanoTime() - start) / 1_000_000;
    long finished = System.currentTimeMillis();
    List<Rollout> rollouts = new ArrayList<>(prompts.size());
    int row = 0;
    for (Prompt prompt : prompts) {
      List<Completion> completions = new ArrayList<>(prompt.getSamples());
      for (int i = 0; i < prompt.getSamples(); i++) {
        completions.add(toRecord(i, drawn.get(row++).get(0)));
      }
      rollouts.add(Rollout.newBuilder()
          .setPrompt(prompt)
          .setPolicyVersion(lease.identity().version())
          .setSamplerId(replicaId)
          .setCompletions(completions)
          .setSampledAtMillis(finished)
          .setSamplingMillis(millis)
          .build());
    }
    return rollouts;
  }

  /** Tokens one prompt costs in a micro-batch: every sample's prompt plus its longest completion. */
  public long cost(Policy policy, Prompt prompt) {
    return (long) prompt.getSamples() * (policy.tokenizer().encodePrompt(prompt.getText()).length
        + settings.maxNewTokens());
  }

  public SamplingSettings settings() {
    return settings;
  }

  private long streamSeed(List<Prompt> prompts) {
    long h = seed;
    for (Prompt p : prompts) {
      h = h * 0x9E3779B97F4A7C15L + (p.getRunId() + "/" + p.getPromptId() + "/" + p.getAttempt()).hashCode();
    }
    return h;
  }

  private static Completion toRecord(int index, dev.passk.policy.Completion c) {
    List<Integer> ids = Arrays.stream(c.tokenIds()).mapToObj(id -> (int) id).toList();
    List<Float> logprobs = Arrays.stream(c.tokenLogprobs()).mapToObj(lp -> (float) lp).toList();
    return Completion.newBuilder()
        .setSampleIndex(index)
        .setText(c.text())
        .setTokenIds(ids)
        .setTokenLogprobs(logprobs)
        .setLogprob(c.logprob())
        .setFinishReason(FinishReason.valueOf(c.finishReason().name()))
        .build();
  }
}
