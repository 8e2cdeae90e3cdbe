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

/** Samples the n completions of one prompt and packs them into a rollout record (plain Java). */
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
   * Draws {@code prompt.samples} completions. The random stream depends only on the run seed and
   * the dispatch (prompt id and attempt), so a re-delivered prompt yields the same samples.
   */
  public Rollout sample(Policy policy, long policyVersion, Prompt prompt) {
    long start = System.nanoTime();
    List<dev.passk.policy.Completion> drawn = policy.sample(
        List.of(prompt.getText()), prompt.getSamples(), settings, streamSeed(prompt)).get(0);
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<Completion> completions = new ArrayList<>(drawn.size());
    for (int i = 0; i < drawn.size(); i++) {
      completions.add(toRecord(i, drawn.get(i)));
    }
    return Rollout.newBuilder()
        .setPrompt(prompt)
        .setPolicyVersion(policyVersion)
        .setSamplerId(replicaId)
        .setCompletions(completions)
        .setSampledAtMillis(System.currentTimeMillis())
        .setSamplingMillis(millis)
        .build();
  }

  private long streamSeed(Prompt prompt) {
    return seed * 0x9E3779B97F4A7C15L + (prompt.getRunId() + "/" + prompt.getPromptId() + "/" + prompt.getAttempt()).hashCode();
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
