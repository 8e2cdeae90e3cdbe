package dev.passk.cli.interference;

import ai.djl.Device;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import dev.passk.policy.TrainerSettings;
import dev.passk.tasks.Task;
import dev.passk.tasks.TaskCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One warm-started tiny policy on the interference benchmark, built once per test JVM and saved as
 * a checkpoint folder (deleted at exit) that the diagnostic and the command tests load.
 *
 * <p>The benchmark runs with separation 0.2 (means +-0.1, sd 0.5): the feature barely tells easy
 * from hard, so the warm-start's cross-entropy fit answers about the 80/20 prior in every bin, the
 * regime of the paper's toy where easy and hard prompts cannot be separated. With the paper's 1.0 the
 * tiny model learns the bins well enough that the sign of the hard prompts' mean agreement depends on
 * the draw at this size.
 */
public final class WarmStartedFixture {

  /** The task spec the fixture is trained on and the tests diagnose. */
  public static final String TASK = "interference:separation=0.2";
  /** AdamW steps of {@value #BATCH} demonstrations: format learned, prior calibrated (seeded). */
  static final int STEPS = 100;
  static final int BATCH = 32;

  private static Path checkpoint;

  private WarmStartedFixture() {}

  public static Task task() {
    return TaskCatalog.create(TASK);
  }

  /** The checkpoint folder, warm-started on first use. */
  public static synchronized Path checkpoint() {
    if (checkpoint == null) {
      try {
        Path dir = Files.createTempDirectory("passk-interference-warm-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        try (Policy policy = Policy.tiny(1, Device.cpu());
            PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
          trainer.warmStart(task(), STEPS, BATCH, 0);
          policy.save(dir);
        }
        checkpoint = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return checkpoint;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
