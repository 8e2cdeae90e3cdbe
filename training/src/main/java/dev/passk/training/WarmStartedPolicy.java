package dev.passk.training;

import ai.djl.Device;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import dev.passk.policy.TrainerSettings;
import dev.passk.tasks.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded default's starting policy: the tiny model ({@link Policy#tiny}) warm-started with
 * {@link PolicyTrainer#warmStart} on the task's demonstrations (batches of {@value #BATCH}, AdamW
 * defaults), cached as a checkpoint folder {@code cacheDir/<task>-warm<steps>-<recipe>-seed<seed>}
 * so later runs load it. The key is the task's name, not its options: use one cache folder per task
 * configuration.
 */
public final class WarmStartedPolicy {

  /** Demonstrations per warm-start step. */
  public static final int BATCH = 32;
  /** Names the warm-start recipe in the cache key; change it when the recipe changes (lrdecay: the
   * learning rate decays linearly to a tenth over the steps). */
  static final String RECIPE = "lrdecay";

  private WarmStartedPolicy() {}

  /** @return the checkpoint folder (load with Policy.load); built on first use, atomically */
  public static Path obtain(Path cacheDir, Task task, int steps, long seed, Device device)
      throws IOException {
    if (steps < 0) {
      throw new IllegalArgumentException("warm-start steps must be >= 0, got " + steps);
    }
    Path folder = cacheDir.resolve(task.name() + "-warm" + steps + "-" + RECIPE + "-seed" + seed);
    if (Files.isRegularFile(folder.resolve(Policy.WEIGHTS))) {
      return folder;
    }
    Files.createDirectories(cacheDir);
    Path tmp = Files.createTempDirectory(cacheDir, folder.getFileName() + ".tmp-");
    try {
      try (Policy policy = Policy.tiny(seed, device);
          PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
        if (steps > 0) {
          trainer.warmStart(task, steps, BATCH, seed);
        }
        policy.save(tmp);
      }
      Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the rename fails (e.g. "Directory not empty") when another process finished the same
      // warm start first: its complete folder is as good as ours
      if (!Files.isRegularFile(folder.resolve(Policy.WEIGHTS))) {
        throw e;
      }
    } finally {
      Folders.deleteTree(tmp);
    }
    return folder;
  }
}
