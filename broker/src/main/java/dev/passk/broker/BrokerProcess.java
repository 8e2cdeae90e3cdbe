package dev.passk.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Launches {@link BrokerMain} in its own JVM and waits for its ready line. {@link #close()} sends
 * SIGTERM and waits for a clean shutdown; {@link #kill()} is kill -9, for fault tests.
 */
public final class BrokerProcess implements AutoCloseable {

  private final JvmProcess jvm;
  private final Thread output;
  private final String bootstrapServers;

  private BrokerProcess(Process process, Thread output, String bootstrapServers) {
    this.jvm = new JvmProcess(process);
    this.output = output;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * @param classpath a class path holding this module and its dependencies (and an SLF4J backend)
   * @param jvmOptions e.g. {@code -Xmx512m}
   * @param log receives every line the broker prints after the ready line
   */
  public static BrokerProcess start(Path dataDir, String classpath, List<String> jvmOptions,
      Duration timeout, Consumer<String> log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(JvmProcess.javaExecutable());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(BrokerMain.class.getName());
    command.add("--data-dir");
    command.add(dataDir.toAbsolutePath().toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    StringBuilder early = new StringBuilder();
    Thread reader = new Thread(() -> pump(process, ready, early, log), "broker-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new BrokerProcess(process, reader, ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException | InterruptedException e) {
      process.destroyForcibly();
      throw new IOException("Kafka broker did not start within " + timeout.toSeconds()
          + " s (data " + dataDir + "). Its output:\n" + early, e);
    }
  }

  private static void pump(Process process, CompletableFuture<String> ready, StringBuilder early,
      Consumer<String> log) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!ready.isDone() && line.startsWith(BrokerMain.READY)) {
          ready.complete(line.substring(BrokerMain.READY.length()).split(" ")[0]);
        } else if (!ready.isDone()) {
          early.append(line).append('\n');
        } else {
          log.accept(line);
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IOException("broker exited with code " + process.onExit().join().exitValue()));
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public long pid() {
    return jvm.pid();
  }

  public boolean isAlive() {
    return jvm.isAlive();
  }

  /** SIGTERM, then waits up to 30 s for the broker to flush and exit (then kills it). */
  @Override
  public void close() throws InterruptedException {
    jvm.stop();
    output.join(5_000);
  }

  /** kill -9: no flush, no clean shutdown. */
  public void kill() throws InterruptedException {
    jvm.kill();
  }
}
