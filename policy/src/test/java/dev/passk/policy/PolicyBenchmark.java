package dev.passk.policy;

import ai.djl.Device;
import dev.passk.policy.PolicyTrainer.Normalisation;
import dev.passk.policy.PolicyTrainer.WeightedSequence;
import dev.passk.tasks.ArithmeticTask;
import dev.passk.tasks.ArithmeticTask.Operation;
import dev.passk.tasks.Demonstration;
import dev.passk.tasks.Prompt;
import java.util.List;
import java.util.function.Supplier;

/**
 * Throughput of the embedded default on one device (not a test): training tokens/s on 2-digit
 * addition demonstrations (batch 64) and sampled tokens/s with the KV cache versus the no-cache
 * reference, in alternating rounds of the same run. Run with
 * {@code java -cp <test classpath> dev.passk.policy.PolicyBenchmark [gpu]}.
 */
public final class PolicyBenchmark {

  private PolicyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Device device = args.length > 0 && args[0].equals("gpu") ? Device.gpu() : Device.cpu();
    ArithmeticTask task = new ArithmeticTask(Operation.ADDITION, 2);
    try (Policy policy = Policy.tiny(1, device);
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
      List<List<WeightedSequence>> batches = new java.util.ArrayList<>();
      for (int b = 0; b < 20; b++) {
        batches.add(task.demonstrations(64, b).stream().map(
            (Demonstration d) -> new WeightedSequence(
                policy.encode(d.prompt().text(), d.completion()), 1)).toList());
      }
      trainer.warmStart(task, 200, 64, 99); // warm up the JIT and give the sampler real text
      List<String> prompts = task.prompts(8, 7).stream().map(Prompt::text).toList();
      SamplingSettings settings = new SamplingSettings(1.0, 1.0, 8);
      for (int round = 0; round < 5; round++) {
        long trainTokens = 0;
        long start = System.nanoTime();
        for (List<WeightedSequence> batch : batches) {
          trainer.step(batch, Normalisation.TOKEN);
          trainTokens += batch.stream().mapToLong(w -> w.sequence().promptIds().length
              + w.sequence().completionIds().length - 1).sum();
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        double cached = sampledTokensPerSecond(() -> policy.sample(prompts, 8, settings, 1));
        double naive = sampledTokensPerSecond(
            () -> policy.sampleWithoutCache(prompts, 8, settings, 1));
        System.out.printf("round %d: training %.0f tokens/s (%.1f ms/step of 64 sequences); "
                + "sampling 64 rows: KV cache %.0f tokens/s, no cache %.0f tokens/s (x%.2f)%n",
            round, trainTokens / trainSeconds, 1000 * trainSeconds / batches.size(), cached,
            naive, cached / naive);
      }
    }
  }

  private static double sampledTokensPerSecond(Supplier<List<List<Completion>>> draw) {
    long tokens = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      tokens += draw.get().stream().flatMap(List::stream).mapToLong(c -> c.tokenIds().length).sum();
    }
    return tokens / ((System.nanoTime() - start) / 1e9);
  }
}
