package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.training.PromptIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchBookTest {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    long millis;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final ManualClock clock = new ManualClock();

  private static String id(long index) {
    return PromptIds.of("task-" + index, index);
  }

  @Test
  void fillDispatchesTheNextIndicesUpToTheBoundAndNoMore() {
    DispatchBook book = new DispatchBook(0, Map.of(), 3, Duration.ofSeconds(10), clock);
    List<DispatchBook.Dispatch> first = book.fill(DispatchBookTest::id, 100);
    assertEquals(List.of(0L, 1L, 2L), first.stream().map(DispatchBook.Dispatch::index).toList());
    assertTrue(first.stream().allMatch(d -> d.attempt() == 0));
    assertEquals(List.of(), book.fill(DispatchBookTest::id, 100), "the bound holds");
    book.trained(id(1));
    List<DispatchBook.Dispatch> next = book.fill(DispatchBookTest::id, 100);
    assertEquals(List.of(3L), next.stream().map(DispatchBook.Dispatch::index).toList(), "a trained prompt frees one slot");
    assertEquals(4, book.nextIndex());
    assertEquals(3, book.inFlight());
  }

  @Test
  void aPromptIsRedispatchedWithTheNextAttemptExactlyWhenItsTimeoutPasses() {
    DispatchBook book = new DispatchBook(0, Map.of(), 2, Duration.ofSeconds(10), clock);
    book.fill(DispatchBookTest::id, 100);
    clock.millis = 9_999;
    assertEquals(List.of(), book.overdue(), "not yet late");
    clock.millis = 10_000;
    List<DispatchBook.Dispatch> late = book.overdue();
    assertEquals(List.of(id(0), id(1)), late.stream().map(DispatchBook.Dispatch::promptId).toList());
    assertTrue(late.stream().allMatch(d -> d.attempt() == 1 && d.dispatchedAtMillis() == 10_000));
    assertEquals(List.of(), book.overdue(), "the timeout restarts at the re-dispatch");
    clock.millis = 20_000;
    assertEquals(2, book.overdue().get(0).attempt());
    assertEquals(Map.of(id(0), 2, id(1), 2), book.snapshot());
    assertEquals(4, book.redispatches());
  }

  @Test
  void anArrivedGroupIsNeverOverdueButStaysInFlightUntilTrained() {
    DispatchBook book = new DispatchBook(0, Map.of(), 1, Duration.ofSeconds(1), clock);
    book.fill(DispatchBookTest::id, 100);
    book.arrived(id(0));
    clock.millis = 1_000_000;
    assertEquals(List.of(), book.overdue());
    assertTrue(book.isInFlight(id(0)));
    assertEquals(List.of(), book.fill(DispatchBookTest::id, 100), "a buffered prompt still counts against the bound");
    DispatchBook.Dispatch again = book.redispatch(id(0));
    assertEquals(1, again.attempt(), "a dropped group's prompt goes out again");
    book.trained(id(0));
    assertFalse(book.isInFlight(id(0)));
    assertThrows(IllegalStateException.class, () -> book.redispatch(id(0)));
  }

  @Test
  void restoredPromptsKeepTheirAttemptsAndTheirTimeoutRestartsAtTheRestart() {
    clock.millis = 50_000;
    DispatchBook book = new DispatchBook(7, Map.of(id(5), 2, id(3), 0), 3, Duration.ofSeconds(10), clock);
    assertEquals(Map.of(id(3), 0, id(5), 2), book.snapshot());
    clock.millis = 59_999;
    assertEquals(List.of(), book.overdue());
    List<DispatchBook.Dispatch> fresh = book.fill(DispatchBookTest::id, 100);
    assertEquals(List.of(7L), fresh.stream().map(DispatchBook.Dispatch::index).toList(), "resumes at the stored index");
    clock.millis = 60_000;
    assertEquals(List.of(id(3), id(5)), book.overdue().stream().map(DispatchBook.Dispatch::promptId).toList());
  }

  @Test
  void nothingIsDispatchedBeyondWhatTheRunStillNeeds() {
    DispatchBook book = new DispatchBook(0, Map.of(), 4, Duration.ofSeconds(10), clock);
    assertEquals(3, book.fill(DispatchBookTest::id, 3).size());
    book.trained(id(0));
    assertEquals(List.of(), book.fill(DispatchBookTest::id, 2), "two in flight cover the two groups still needed");
    assertEquals(3, book.nextIndex());
  }

  @Test
  void aBoundBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new DispatchBook(0, Map.of(), 0, Duration.ofSeconds(1), clock));
  }
}
