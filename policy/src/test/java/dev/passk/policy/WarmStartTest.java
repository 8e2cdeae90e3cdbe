package dev.passk.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.passk.tasks.ArithmeticTask;
import dev.passk.tasks.ArithmeticTask.Operation;
import dev.passk.tasks.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bar: >= 95% greedy exact match on 2-digit addition within a fixed budget of 3,000
 * seeded steps, one warm start whose learning rate decays over them. The wall time is printed for
 * the record, never asserted: timings belong in benchmarks, and training is deterministic given the
 * seed. (With seeds 1, 2 and 3 the accuracy was 98-99%; at a constant learning rate it ranged from
 * 69% to 100% with the seed and with float rounding, which is why the warm start decays it.)
 */
class WarmStartTest {

  @Test
  void warmStartLearnsTwoDigitAdditionToNinetyFivePercentGreedyExactMatch() throws Exception {
    ArithmeticTask task = new ArithmeticTask(Operation.ADDITION, 2);
    long start = System.nanoTime();
    try (Policy policy = Policy.tiny(1, Device.cpu());
        PolicyTrainer trainer = new PolicyTrainer(policy,
            TrainerSettings.defaults())) {
      trainer.warmStart(task, 3000, 64, 0);
      double accuracy = greedyExactMatch(policy, task.prompts(300, 12345));
      double minutes = (System.nanoTime() - start) / 60e9;
      System.out.printf("warm-start: %d steps, %.1f%% exact match, %.2f min%n", trainer.steps(),
          100 * accuracy, minutes);
      assertTrue(accuracy >= 0.95, "greedy exact match " + accuracy);
    }
  }

  static double greedyExactMatch(Policy policy, List<Prompt> prompts) {
    List<String> texts = prompts.stream().map(Prompt::text).toList();
    var completions = policy.sample(texts, 1, SamplingSettings.greedy(6), 0);
    int correct = 0;
    for (int i = 0; i < prompts.size(); i++) {
      correct += completions.get(i).get(0).text().equals(prompts.get(i).answer()) ? 1 : 0;
    }
    return (double) correct / prompts.size();
  }
}
