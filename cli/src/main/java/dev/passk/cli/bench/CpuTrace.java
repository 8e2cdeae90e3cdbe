package dev.passk.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU time of named processes over a run, sampled every {@value #PERIOD_MILLIS} ms on a daemon
 * thread ({@link ProcessHandle.Info#totalCpuDuration}: all threads of the process, user and
 * system). It answers "how many core-seconds did each JVM spend between two moments", which is how
 * the pipeline bench splits a step's cost by stage and sees the overhead that Kafka adds.
 */
final class CpuTrace implements AutoCloseable {

  static final long PERIOD_MILLIS = 50;

  private record Sample(long atMillis, Map<String, Double> cpuSeconds) {}

  private final Map<String, ProcessHandle> processes;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** Starts sampling {@code pids} (name to pid) now. */
  CpuTrace(Map<String, Long> pids) {
    this.processes = new LinkedHashMap<>();
    pids.forEach((name, pid) -> processes.put(name, ProcessHandle.of(pid).orElseThrow(
        () -> new IllegalArgumentException(name + " (pid " + pid + ") is not running"))));
    this.thread = new Thread(this::sampleUntilClosed, "bench-cpu-trace");
    thread.setDaemon(true);
    sample();
    thread.start();
  }

  /**
   * Core-seconds each process spent between the samples nearest to {@code fromMillis} and {@code
   * toMillis} (epoch ms), by name, in the order given; empty when the platform reports no CPU time.
   */
  synchronized Optional<Map<String, Double>> between(long fromMillis, long toMillis) {
    Sample from = nearest(fromMillis);
    Sample to = nearest(toMillis);
    if (from.cpuSeconds().size() < processes.size() || to.cpuSeconds().size() < processes.size()) {
      return Optional.empty();
    }
    Map<String, Double> spent = new LinkedHashMap<>();
    processes.keySet().forEach(name -> spent.put(name, to.cpuSeconds().get(name) - from.cpuSeconds().get(name)));
    return Optional.of(spent);
  }

  private Sample nearest(long atMillis) {
    Sample best = samples.get(0);
    for (Sample s : samples) {
      best = Math.abs(s.atMillis() - atMillis) < Math.abs(best.atMillis() - atMillis) ? s : best;
    }
    return best;
  }

  private void sampleUntilClosed() {
    while (running) {
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      sample();
    }
  }

  private synchronized void sample() {
    Map<String, Double> cpu = new LinkedHashMap<>();
    processes.forEach((name, handle) -> handle.info().totalCpuDuration()
        .ifPresent(d -> cpu.put(name, d.toNanos() / 1e9)));
    samples.add(new Sample(System.currentTimeMillis(), cpu));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(Duration.ofSeconds(1).toMillis());
  }
}
