package dev.passk.broker;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that passk started (the broker or a service): graceful stop by SIGTERM, or kill -9.
 */
public final class JvmProcess {

  private final Process process;

  public JvmProcess(Process process) {
    this.process = process;
  }

  /** The {@code java} of the running JVM, so children run on the same Java. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Exit code; a JVM stopped by SIGTERM exits with 143 after its shutdown hooks ran. */
  public int exitCode() {
    return process.exitValue();
  }

  /**
   * SIGTERM, then up to 30 s for a graceful stop, then kill -9. Through the process handle:
   * {@code Process.destroy()} would also close our end of its output and lose its last lines.
   */
  public void stop() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** kill -9: no flush, no shutdown hooks. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }
}
