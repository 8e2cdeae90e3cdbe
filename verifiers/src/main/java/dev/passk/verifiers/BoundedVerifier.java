package dev.passk.verifiers;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one verifier with a concurrency limit and a time limit, and always answers.
 *
 * <p>Guarantees, whatever the wrapped verifier does:
 * <ul>
 *   <li>at most {@code maxConcurrent} calls run at once; others wait in a queue;</li>
 *   <li>every future returned by {@link #verifyAsync} completes normally, within {@code maxQueueWait}
 *       + {@code timeLimit} (plus scheduling jitter), with {@code OK}, {@code ERROR} or {@code
 *       TIMEOUT} — never exceptionally, never a silent 0;</li>
 *   <li>a call over {@code timeLimit} becomes {@code TIMEOUT} and its thread is interrupted; an
 *       exception or a {@code null} result becomes {@code ERROR};</li>
 *   <li>a call that ignores the interrupt keeps its thread ("stuck"); up to {@code maxConcurrent}
 *       stuck threads are replaced so capacity holds; beyond that, queued calls time out after
 *       {@code maxQueueWait} instead of waiting forever, and threads stay bounded.</li>
 * </ul>
 */
public final class BoundedVerifier implements Verifier, AutoCloseable {

  /**
   * @param timeLimit the most one call may run, from when it starts running
   * @param maxConcurrent calls running at once (e.g. CPU cores for program execution, more for HTTP)
   * @param maxQueueWait the most a call may wait for a free slot before it becomes {@code TIMEOUT}
   */
  public record Limits(Duration timeLimit, int maxConcurrent, Duration maxQueueWait) {

    public Limits {
      Objects.requireNonNull(timeLimit, "timeLimit");
      Objects.requireNonNull(maxQueueWait, "maxQueueWait");
      if (timeLimit.isNegative() || timeLimit.isZero() || maxQueueWait.isNegative()) {
        throw new IllegalArgumentException("time limits must be positive, got " + timeLimit + " and " + maxQueueWait);
      }
      if (maxConcurrent < 1) {
        throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
      }
    }

    /** A queue wait long enough for a full queue of well-behaved calls: 60 s or 10 time limits. */
    public static Limits of(Duration timeLimit, int maxConcurrent) {
      Duration tenLimits = timeLimit.multipliedBy(10);
      return new Limits(timeLimit, maxConcurrent, tenLimits.compareTo(Duration.ofSeconds(60)) > 0 ? tenLimits : Duration.ofSeconds(60));
    }
  }

  private final String name;
  private final Verifier delegate;
  private final Limits limits;
  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService timer;
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicInteger stuck = new AtomicInteger();
  private final Object poolSizeLock = new Object();
  private int replacementThreads;

  public BoundedVerifier(String name, Verifier delegate, Limits limits) {
    this.name = Objects.requireNonNull(name, "name");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.pool = new ThreadPoolExecutor(limits.maxConcurrent(), limits.maxConcurrent(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemonThreads("verifier-" + name + "-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("verifier-" + name + "-timer-"));
  }

  public String name() {
    return name;
  }

  public Limits limits() {
    return limits;
  }

  /** Calls that timed out but whose thread has not returned yet (a plug-in ignoring interrupts). */
  public int stuckCalls() {
    return stuck.get();
  }

  /** Scores {@code request}; the future always completes normally (see the class comment). */
  public CompletableFuture<VerifierResult> verifyAsync(VerificationRequest request) {
    Call call = new Call(request);
    inFlight.add(call);
    call.result.whenComplete((r, e) -> inFlight.remove(call));
    try {
      call.queueTimeout = timer.schedule(() -> call.result.complete(VerifierResult.timeout(
          "verifier '" + name + "': no free slot within " + limits.maxQueueWait().toMillis() + " ms ("
              + limits.maxConcurrent() + " running, " + stuck.get() + " stuck)")),
          limits.maxQueueWait().toNanos(), TimeUnit.NANOSECONDS);
      pool.execute(call);
    } catch (RejectedExecutionException e) {
      call.result.complete(VerifierResult.error("verifier '" + name + "' is closed"));
    }
    return call.result;
  }

  /** Blocking form of {@link #verifyAsync}. */
  @Override
  public VerifierResult verify(VerificationRequest request) {
    return verifyAsync(request).join();
  }

  /** Stops the threads; calls still queued or running complete with {@code ERROR}. */
  @Override
  public void close() {
    pool.shutdownNow();
    timer.shutdownNow();
    for (Call call : inFlight) {
      call.result.complete(VerifierResult.error("verifier '" + name + "' was closed before it answered"));
    }
  }

  /** One call: its result, and who may touch the worker thread when. */
  private final class Call implements Runnable {
    private final VerificationRequest request;
    private final CompletableFuture<VerifierResult> result = new CompletableFuture<>();
    private volatile ScheduledFuture<?> queueTimeout;
    /** Guarded by {@code this}: the worker while it runs the delegate, null once it returned. */
    private Thread worker;
    private boolean timedOut;
    private boolean replaced;

    private Call(VerificationRequest request) {
      this.request = request;
    }

    @Override
    public void run() {
      if (result.isDone() || !queueTimeout.cancel(false)) {
        return; // timed out (or closed) while queued
      }
      synchronized (this) {
        worker = Thread.currentThread();
      }
      long start = System.nanoTime();
      ScheduledFuture<?> guard = timer.schedule(this::onTimeLimit, limits.timeLimit().toNanos(), TimeUnit.NANOSECONDS);
      try {
        VerifierResult verdict = delegate.verify(request);
        result.complete(verdict != null ? verdict
            : VerifierResult.error("verifier '" + name + "' returned no result (null)"));
      } catch (Throwable t) {
        result.complete(VerifierResult.error("verifier '" + name + "' failed after "
            + (System.nanoTime() - start) / 1_000_000 + " ms: " + t));
      } finally {
        guard.cancel(false);
        finish();
      }
    }

    /**
     * On the timer thread: interrupt the worker, replace it while it is stuck, then answer TIMEOUT (last,
     * so a caller woken by the answer sees the stuck count). If the worker answered first, its
     * {@link #finish()} undoes all of this.
     */
    private synchronized void onTimeLimit() {
      if (worker == null || result.isDone()) {
        return;
      }
      timedOut = true;
      stuck.incrementAndGet();
      worker.interrupt();
      synchronized (poolSizeLock) {
        if (replacementThreads < limits.maxConcurrent()) {
          replacementThreads++;
          replaced = true;
          pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
          pool.setCorePoolSize(pool.getCorePoolSize() + 1);
        }
      }
      result.complete(VerifierResult.timeout("verifier '" + name + "' exceeded its time limit of "
          + limits.timeLimit().toMillis() + " ms"));
    }

    /** On the worker, after the delegate returned: undo the timeout's effects on this thread. */
    private synchronized void finish() {
      worker = null;
      if (!timedOut) {
        return;
      }
      Thread.interrupted(); // the interrupt was for this call only, not for the pool's next task
      stuck.decrementAndGet();
      if (replaced) {
        synchronized (poolSizeLock) {
          replacementThreads--;
          pool.setCorePoolSize(pool.getCorePoolSize() - 1);
          pool.setMaximumPoolSize(pool.getMaximumPoolSize() - 1);
        }
      }
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
