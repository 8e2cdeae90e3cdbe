package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CheckpointWriterTest {

  @Test
  void writesRunOffTheCallingThreadOneAtATimeInOrder() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    try (CheckpointWriter writer = new CheckpointWriter()) {
      writer.submit(() -> {
        events.add("first on " + Thread.currentThread().getName());
        await(release); // held until the caller has gone on: submit must not wait for it
        events.add("first done");
      });
      events.add("caller goes on");
      release.countDown();
      writer.submit(() -> events.add("second")); // starts only once the first is done
      writer.await();
    }
    assertTrue(events.contains("first on learner-checkpoint-writer"), events.toString());
    assertEquals(List.of("caller goes on", "first done", "second"),
        events.stream().filter(e -> !e.startsWith("first on")).toList());
  }

  @Test
  void aFailedWriteIsThrownAtTheNextSubmitWithItsCause() throws Exception {
    IOException disk = new IOException("no space left on device");
    try (CheckpointWriter writer = new CheckpointWriter()) {
      writer.submit(() -> {
        throw disk;
      });
      IOException thrown = assertThrows(IOException.class, () -> writer.submit(() -> {}));
      assertSame(disk, thrown.getCause());
      assertTrue(thrown.getMessage().contains("no space left on device"), thrown.getMessage());
    }
  }

  @Test
  void awaitThrowsTheLastWritesFailure() throws Exception {
    try (CheckpointWriter writer = new CheckpointWriter()) {
      writer.submit(() -> {
        throw new IOException("fsync failed");
      });
      assertThrows(IOException.class, writer::await);
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IOException("never released");
      }
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }
}
