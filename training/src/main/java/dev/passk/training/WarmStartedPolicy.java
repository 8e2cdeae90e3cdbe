package dev.passk.training;

import ai.djl.Device;
import dev.passk.tasks.Task;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The embedded default's starting policy: the tiny model warm-started on the task's
 * demonstrations, cached as a checkpoint folder under cacheDir (key: task name, steps, seed) so
 * later runs load it.
 */
public final class WarmStartedPolicy {

  private WarmStartedPolicy() {}

  /** @return the checkpoint folder (load with Policy.load) */
  public static Path obtain(Path cacheDir, Task task, int steps, long seed, Device device)
      throws IOException {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
