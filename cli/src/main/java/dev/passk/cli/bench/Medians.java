package dev.passk.cli.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/** Repeated timing: the median is robust to the odd slow round a shared 2-core machine produces. */
final class Medians {

  private Medians() {}

  static double of(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Median over {@code repetitions} calls of the milliseconds one call of {@code work} takes. */
  static double millis(int repetitions, Runnable work) {
    double[] times = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long start = System.nanoTime();
      work.run();
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    return of(times);
  }

  /**
   * Median over {@code repetitions} calls of the CPU milliseconds one call of {@code work} costs this
   * process, on all its threads (pool threads included): core time, robust to other processes
   * competing for a shared machine's cores.
   */
  static double cpuMillis(int repetitions, Runnable work) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double[] times = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long start = os.getProcessCpuTime();
      work.run();
      times[i] = (os.getProcessCpuTime() - start) / 1e6;
    }
    return of(times);
  }

  /** Median over {@code repetitions} of a per-call rate that {@code work} measures itself. */
  static double rate(int repetitions, DoubleSupplier work) {
    double[] rates = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      rates[i] = work.getAsDouble();
    }
    return of(rates);
  }

  /** Median over {@code rounds} of the microseconds a call takes, each round {@code calls} calls {@code call(i)}. */
  static double microsPerCall(int rounds, int calls, IntConsumer call) {
    return rate(rounds, () -> {
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        call.accept(i);
      }
      return (System.nanoTime() - start) / 1e3 / calls;
    });
  }
}
