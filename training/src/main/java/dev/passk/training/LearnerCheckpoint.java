package dev.passk.training;

import dev.passk.policy.CheckpointArchive;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Atomic learner checkpoints: writes {@code dir/tmp-*}, fsyncs, renames to {@code dir/step-<n>},
 * keeps the newest 2. Contents: the policy checkpoint folder {@code policy/} (Policy.save), the
 * optimizer moments and step {@code optimizer.safetensors} (PolicyTrainer.state), and {@code
 * progress.json} ({@link LearnerProgressJson}). A {@code step-<n>} folder only ever appears complete
 * (the rename is the commit), so a crash at any point leaves the previous checkpoint usable.
 */
public final class LearnerCheckpoint {

  public static final String POLICY = "policy";
  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String PROGRESS = "progress.json";
  private static final String STEP_PREFIX = "step-";
  private static final String TMP_PREFIX = "tmp-";
  private static final int KEEP = 2;

  private final Path folder;
  private final LearnerProgress progress;

  private LearnerCheckpoint(Path folder, LearnerProgress progress) {
    this.folder = folder;
    this.progress = progress;
  }

  /**
   * A checkpoint's content taken from the training state now: copies of the policy's files and
   * the optimizer state that later steps do not change, so {@link #save} may run on another thread
   * while training goes on.
   */
  public record Snapshot(Map<String, byte[]> policyFiles, byte[] optimizer, LearnerProgress progress) {

    public static Snapshot of(Policy policy, PolicyTrainer trainer, LearnerProgress progress)
        throws IOException {
      return new Snapshot(policy.checkpointFiles(), trainer.state(), progress);
    }
  }

  /**
   * Writes a checkpoint of step {@code snapshot.progress().step()} and prunes all but the newest 2.
   *
   * @return the new {@code dir/step-<n>} folder
   */
  public static Path save(Path dir, Snapshot snapshot) throws IOException {
    LearnerProgress progress = snapshot.progress();
    Files.createDirectories(dir);
    Path tmp = Files.createTempDirectory(dir, TMP_PREFIX);
    CheckpointArchive.write(snapshot.policyFiles(), tmp.resolve(POLICY));
    Files.write(tmp.resolve(OPTIMIZER), snapshot.optimizer());
    Files.write(tmp.resolve(PROGRESS), LearnerProgressJson.write(progress));
    Folders.fsyncTree(tmp);
    Path target = dir.resolve(STEP_PREFIX + progress.step());
    if (Files.exists(target)) { // the same step saved again: keep the older copy until replaced
      Path old = Files.createTempDirectory(dir, TMP_PREFIX);
      Files.move(target, old.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
      Folders.deleteTree(old);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Folders.deleteTree(tmp);
      throw new IOException("the file system under " + dir + " cannot rename atomically; "
          + "put learner checkpoints on a local file system", e);
    }
    Folders.fsync(dir);
    prune(dir);
    return target;
  }

  /** The newest complete checkpoint in {@code dir}; empty if there is none (or no dir). */
  public static Optional<LearnerCheckpoint> latest(Path dir) throws IOException {
    for (Path folder : checkpoints(dir)) {
      if (Files.isRegularFile(folder.resolve(PROGRESS))) {
        return Optional.of(new LearnerCheckpoint(folder,
            LearnerProgressJson.read(Files.readAllBytes(folder.resolve(PROGRESS)))));
      }
    }
    return Optional.empty();
  }

  /** The {@code step-<n>} folder. */
  public Path folder() {
    return folder;
  }

  /** Load with Policy.load(policyDir(), device). */
  public Path policyDir() {
    return folder.resolve(POLICY);
  }

  public LearnerProgress progress() {
    return progress;
  }

  /** Restores the AdamW moments and step count into {@code trainer} (of the loaded policy). */
  public void restoreOptimizer(PolicyTrainer trainer) throws IOException {
    trainer.loadState(folder.resolve(OPTIMIZER));
  }

  /** step-* folders, newest (highest step) first. */
  private static List<Path> checkpoints(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> stepOf(p) >= 0)
          .sorted(Comparator.comparingLong(LearnerCheckpoint::stepOf).reversed()).toList();
    }
  }

  /** n of a {@code step-<n>} folder, or -1 for any other name. */
  private static long stepOf(Path folder) {
    String name = folder.getFileName().toString();
    if (!name.startsWith(STEP_PREFIX) || !Files.isDirectory(folder)) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(STEP_PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Deletes all but the newest {@value #KEEP} checkpoints and leftovers of interrupted saves. */
  private static void prune(Path dir) throws IOException {
    List<Path> all = checkpoints(dir);
    for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
      Folders.deleteTree(old);
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path leftover : entries.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX))
          .toList()) {
        Folders.deleteTree(leftover);
      }
    }
  }
}
