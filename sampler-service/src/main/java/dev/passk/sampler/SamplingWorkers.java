package dev.passk.sampler;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the policy. Grad mode is per thread in PyTorch and starts on, so each
 * thread switches it off once when it starts (else every op records a graph: slower, more memory).
 */
public final class SamplingWorkers {

  private SamplingWorkers() {}

  public static ExecutorService start(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("passk.sampler.threads must be >= 1, got " + threads);
    }
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = task -> {
      Thread thread = new Thread(() -> {
        JniUtils.setGradMode(false);
        task.run();
      }, "passk-sampling-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    return Executors.newFixedThreadPool(threads, factory);
  }
}
