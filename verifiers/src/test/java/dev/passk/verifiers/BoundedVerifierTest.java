package dev.passk.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedVerifierTest {

  private static final VerificationRequest REQUEST = VerificationRequest.of("a", "a");

  /** Sleeps ignoring interrupts until released: the worst plug-in. */
  private static Verifier hangingUntil(CountDownLatch release) {
    return request -> {
      while (true) {
        try {
          release.await();
          return VerifierResult.ok(1.0, "released");
        } catch (InterruptedException ignored) {
          // a badly written plug-in swallows the interrupt
        }
      }
    };
  }

  @Test
  void aHangBecomesTimeoutWithinTheLimitNotASilentZero() {
    CountDownLatch release = new CountDownLatch(1);
    try (BoundedVerifier bounded = new BoundedVerifier("hang", hangingUntil(release), BoundedVerifier.Limits.of(Duration.ofMillis(100), 1))) {
      long start = System.nanoTime();
      VerifierResult result = bounded.verify(REQUEST);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(VerifierResult.Status.TIMEOUT, result.status());
      assertTrue(millis >= 100 && millis < 10_000, "answered after " + millis + " ms (a hang would never answer)");
      assertEquals(1, bounded.stuckCalls());
      // the stuck thread was replaced: a well-behaved call still runs at once
      release.countDown();
    }
  }

  @Test
  void exceptionsAndNullBecomeErrors() {
    try (BoundedVerifier throwing = new BoundedVerifier("boom", r -> { throw new IllegalStateException("bug"); },
        BoundedVerifier.Limits.of(Duration.ofSeconds(1), 1));
        BoundedVerifier nulls = new BoundedVerifier("null", r -> null, BoundedVerifier.Limits.of(Duration.ofSeconds(1), 1))) {
      VerifierResult thrown = throwing.verify(REQUEST);
      assertEquals(VerifierResult.Status.ERROR, thrown.status());
      assertTrue(thrown.detail().contains("IllegalStateException: bug"), thrown.detail());
      assertEquals(VerifierResult.Status.ERROR, nulls.verify(REQUEST).status());
    }
  }

  @Test
  void neverRunsMoreThanMaxConcurrentAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Verifier slow = request -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      return VerifierResult.ok(1.0, "");
    };
    try (BoundedVerifier bounded = new BoundedVerifier("slow", slow, BoundedVerifier.Limits.of(Duration.ofSeconds(5), 3))) {
      List<CompletableFuture<VerifierResult>> futures = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        futures.add(bounded.verifyAsync(REQUEST));
      }
      futures.forEach(f -> assertEquals(VerifierResult.Status.OK, f.join().status()));
      assertEquals(3, peak.get());
    }
  }

  @Test
  void whenEveryThreadIsStuckQueuedCallsTimeOutInsteadOfWaitingForever() {
    CountDownLatch release = new CountDownLatch(1);
    BoundedVerifier.Limits limits = new BoundedVerifier.Limits(Duration.ofMillis(50), 1, Duration.ofMillis(300));
    try (BoundedVerifier bounded = new BoundedVerifier("hang", hangingUntil(release), limits)) {
      List<CompletableFuture<VerifierResult>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(bounded.verifyAsync(REQUEST));
      }
      List<String> details = futures.stream().map(f -> f.join().status() + " " + f.join().detail()).toList();
      // 1 running + 1 replacement thread get stuck and time out; the rest cannot get a slot
      assertEquals(2, details.stream().filter(d -> d.contains("exceeded its time limit")).count(), details.toString());
      assertEquals(2, details.stream().filter(d -> d.contains("no free slot within 300 ms")).count(), details.toString());
      assertTrue(details.stream().allMatch(d -> d.startsWith("TIMEOUT")));
      assertEquals(2, bounded.stuckCalls());
      release.countDown();
    }
  }

  @Test
  void closeAnswersCallsStillInFlight() {
    CountDownLatch release = new CountDownLatch(1);
    BoundedVerifier bounded = new BoundedVerifier("hang", hangingUntil(release), BoundedVerifier.Limits.of(Duration.ofSeconds(60), 1));
    CompletableFuture<VerifierResult> running = bounded.verifyAsync(REQUEST);
    CompletableFuture<VerifierResult> queued = bounded.verifyAsync(REQUEST);
    bounded.close();
    assertEquals(VerifierResult.Status.ERROR, running.join().status());
    assertEquals(VerifierResult.Status.ERROR, queued.join().status());
    assertEquals(VerifierResult.Status.ERROR, bounded.verify(REQUEST).status());
    release.countDown();
  }
}
