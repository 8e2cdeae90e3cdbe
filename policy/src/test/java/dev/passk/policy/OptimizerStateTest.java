package dev.passk.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import dev.passk.policy.PolicyTrainer.Normalisation;
import dev.passk.policy.PolicyTrainer.WeightedSequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizerStateTest {

  private static List<WeightedSequence> batch(Policy policy, int step) {
    return List.of(new WeightedSequence(policy.encode("1+" + step + "=", "" + (1 + step)), 1.0),
        new WeightedSequence(policy.encode("7+7=", "14"), -0.5));
  }

  /** The bytes of model.safetensors: equal bytes are bit-identical weights. */
  private static byte[] weights(Policy policy, Path dir) throws Exception {
    policy.save(dir);
    return Files.readAllBytes(dir.resolve(Policy.WEIGHTS));
  }

  @Test
  void aRestoredTrainerTakesTheIdenticalNextStep(@TempDir Path tmp) throws Exception {
    Path checkpoint = tmp.resolve("checkpoint");
    Path state = tmp.resolve("optimizer.safetensors");
    byte[] uninterrupted;
    try (Policy policy = Policy.tiny(8, Device.cpu());
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
      for (int s = 0; s < 3; s++) {
        trainer.step(batch(policy, s), Normalisation.SEQUENCE);
      }
      policy.save(checkpoint);
      Files.write(state, trainer.state());
      trainer.step(batch(policy, 3), Normalisation.SEQUENCE);
      uninterrupted = weights(policy, tmp.resolve("a"));
    }
    try (Policy policy = Policy.load(checkpoint, Device.cpu());
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
      trainer.loadState(state);
      assertEquals(3, trainer.steps());
      byte[] before = weights(policy, tmp.resolve("b"));
      trainer.step(batch(policy, 3), Normalisation.SEQUENCE);
      byte[] resumed = weights(policy, tmp.resolve("c"));
      assertNotEquals(java.util.Arrays.hashCode(before), java.util.Arrays.hashCode(resumed));
      assertArrayEquals(uninterrupted, resumed, "bytes of model.safetensors after the next step");
    }
    try (Policy policy = Policy.load(checkpoint, Device.cpu());
        PolicyTrainer fresh = new PolicyTrainer(policy, TrainerSettings.defaults())) {
      fresh.step(batch(policy, 3), Normalisation.SEQUENCE);
      assertNotEquals(java.util.Arrays.hashCode(uninterrupted),
          java.util.Arrays.hashCode(weights(policy, tmp.resolve("d"))),
          "without the moments the next step differs (so the test can fail)");
    }
  }
}
