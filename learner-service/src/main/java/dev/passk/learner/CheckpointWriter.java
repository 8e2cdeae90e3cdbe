package dev.passk.learner;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the learner's checkpoint writes (save, fsync, announce) on one thread of their own, in the
 * order given and at most one at a time, so the training thread only pays for taking the snapshot.
 * A write's failure surfaces on the training thread at the next {@link #submit} or {@link #await}.
 */
final class CheckpointWriter implements AutoCloseable {

  /** A write that may fail with an I/O error. */
  interface Write {
    void run() throws IOException;
  }

  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "learner-checkpoint-writer");
    t.setDaemon(true);
    return t;
  });
  private Future<?> pending = CompletableFuture.completedFuture(null);

  /** Waits for the previous write (rethrowing its failure), then starts {@code write}. */
  void submit(Write write) throws IOException {
    await();
    pending = thread.submit(() -> {
      write.run();
      return null;
    });
  }

  /** Waits until the last submitted write is done; throws its failure. */
  void await() throws IOException {
    try {
      pending.get();
    } catch (ExecutionException e) {
      throw new IOException("writing a checkpoint failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while a checkpoint was written", e);
    }
  }

  /** Lets a write under way finish (a half-written checkpoint is harmless, a finished one saves work). */
  @Override
  public void close() throws InterruptedException {
    thread.shutdown();
    thread.awaitTermination(1, TimeUnit.MINUTES);
  }
}
