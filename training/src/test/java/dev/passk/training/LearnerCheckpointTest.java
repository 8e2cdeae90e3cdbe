package dev.passk.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import dev.passk.policy.PolicyTrainer.Normalisation;
import dev.passk.policy.PolicyTrainer.WeightedSequence;
import dev.passk.policy.TrainerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnerCheckpointTest {

  private static LearnerProgress progress(long step) {
    return new LearnerProgress(step, step + 100, 7 * step, Map.of(0, 11L * step, 3, 5L),
        Map.of("p@9", 1, "p@10", 0), new TrainedPrompts(step, List.of(11L, 12 + step)), 42 + step);
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void progressJsonRoundTripsAndIsStable() throws Exception {
    LearnerProgress progress = progress(3);
    byte[] json = LearnerProgressJson.write(progress);
    assertEquals(progress, LearnerProgressJson.read(json));
    assertArrayEquals(json, LearnerProgressJson.write(LearnerProgressJson.read(json)));
  }

  @Test
  void progressInTheEarlierFormWithEveryTrainedIdIsRead() throws Exception {
    String earlier = "{\"step\":4,\"policyVersion\":4,\"nextPromptIndex\":9,\"scoredRolloutOffsets\":{\"0\":3},"
        + "\"inFlight\":{\"add@5\":0,\"add@8\":1},\"trained\":[\"add@0\",\"add@1\",\"add@2\",\"add@3\","
        + "\"add@4\",\"add@6\",\"add@7\"],\"rngSeed\":42}";
    LearnerProgress read = LearnerProgressJson.read(earlier.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(new TrainedPrompts(5, List.of(6L, 7L)), read.trained());
    assertEquals(Map.of("add@5", 0, "add@8", 1), read.inFlight());
    assertEquals(9, read.nextPromptIndex());
  }

  @Test
  void savesAtomicallyKeepsTheNewestTwoAndRestoresEverything(@TempDir Path dir) throws Exception {
    assertTrue(LearnerCheckpoint.latest(dir.resolve("none")).isEmpty());
    try (Policy policy = Policy.tiny(1, Device.cpu());
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
      WeightedSequence example = new WeightedSequence(policy.encode("1+1=", "2"), 1);
      for (long step = 1; step <= 3; step++) {
        trainer.step(List.of(example), Normalisation.SEQUENCE);
        LearnerCheckpoint.save(dir, LearnerCheckpoint.Snapshot.of(policy, trainer, progress(step)));
      }
      Files.createDirectories(dir.resolve("tmp-crashed").resolve(LearnerCheckpoint.POLICY));
      Files.createDirectories(dir.resolve("step-9")); // a foreign folder without progress.json
      LearnerCheckpoint latest = LearnerCheckpoint.latest(dir).orElseThrow();
      assertEquals(progress(3), latest.progress());
      assertEquals(dir.resolve("step-3"), latest.folder());
      Files.delete(dir.resolve("step-9"));

      trainer.step(List.of(example), Normalisation.SEQUENCE);
      LearnerCheckpoint.save(dir, LearnerCheckpoint.Snapshot.of(policy, trainer, progress(4)));
      assertEquals(List.of("step-3", "step-4"), names(dir), "newest 2 kept, crash leftovers gone");

      try (Policy restored = Policy.load(LearnerCheckpoint.latest(dir).orElseThrow().policyDir(),
              Device.cpu());
          PolicyTrainer resumed = new PolicyTrainer(restored, TrainerSettings.defaults())) {
        LearnerCheckpoint.latest(dir).orElseThrow().restoreOptimizer(resumed);
        assertEquals(4, resumed.steps());
        assertEquals(policy.logprobs(List.of(example.sequence())).get(0).sum(),
            restored.logprobs(List.of(example.sequence())).get(0).sum(), 0.0);
      }
    }
    assertFalse(Files.exists(dir.resolve("tmp-crashed")));
  }

  @Test
  void aSnapshotSavedAfterMoreTrainingHoldsTheStateWhenItWasTaken(@TempDir Path dir) throws Exception {
    try (Policy policy = Policy.tiny(2, Device.cpu());
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
      WeightedSequence example = new WeightedSequence(policy.encode("2+3=", "5"), 1);
      trainer.step(List.of(example), Normalisation.SEQUENCE);
      double atSnapshot = policy.logprobs(List.of(example.sequence())).get(0).sum();
      LearnerCheckpoint.Snapshot snapshot = LearnerCheckpoint.Snapshot.of(policy, trainer, progress(1));
      trainer.step(List.of(example), Normalisation.SEQUENCE); // what the learner does while it is written
      double afterwards = policy.logprobs(List.of(example.sequence())).get(0).sum();
      assertTrue(Math.abs(afterwards - atSnapshot) > 1e-4, "the second step must move the weights");

      LearnerCheckpoint.save(dir, snapshot);
      LearnerCheckpoint saved = LearnerCheckpoint.latest(dir).orElseThrow();
      try (Policy restored = Policy.load(saved.policyDir(), Device.cpu());
          PolicyTrainer resumed = new PolicyTrainer(restored, TrainerSettings.defaults())) {
        saved.restoreOptimizer(resumed);
        assertEquals(1, resumed.steps());
        assertEquals(atSnapshot, restored.logprobs(List.of(example.sequence())).get(0).sum(), 0.0);
        resumed.step(List.of(example), Normalisation.SEQUENCE); // the same second step from the saved state
        assertEquals(afterwards, restored.logprobs(List.of(example.sequence())).get(0).sum(), 1e-6);
      }
    }
  }
}
