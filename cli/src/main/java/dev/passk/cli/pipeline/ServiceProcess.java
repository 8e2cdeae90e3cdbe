package dev.passk.cli.pipeline;

import dev.passk.broker.JvmProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One passk service (a packaged Quarkus app) in its own JVM, logging to a file. {@link #close()}
 * is SIGTERM and a wait (a graceful Quarkus stop); {@link #kill()} is kill -9.
 */
public final class ServiceProcess implements AutoCloseable {

  private final String name;
  private final JvmProcess jvm;
  private final int httpPort;
  private final Path log;

  private ServiceProcess(String name, Process process, int httpPort, Path log) {
    this.name = name;
    this.jvm = new JvmProcess(process);
    this.httpPort = httpPort;
    this.log = log;
  }

  /**
   * Starts {@code java -jar <app>/quarkus-run.jar} with {@code env} added to this process's
   * environment and the HTTP port given.
   */
  public static ServiceProcess start(String name, Path quarkusApp, Map<String, String> env,
      List<String> jvmOptions, int httpPort, Path logDir) throws IOException {
    Path jar = quarkusApp.resolve("quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IOException(name + " is not built: " + jar + " is missing (run ./mvnw package -DskipTests)");
    }
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(JvmProcess.javaExecutable());
    command.addAll(jvmOptions);
    command.add("-Dquarkus.http.port=" + httpPort);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new ServiceProcess(name, builder.start(), httpPort, log);
  }

  /** Polls {@code /q/health/ready} until it answers 200 (UP). */
  public void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!jvm.isAlive()) {
        throw new IOException(name + " exited with code " + jvm.exitCode() + "; see " + log);
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IOException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
  }

  public String name() {
    return name;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return jvm.pid();
  }

  public boolean isAlive() {
    return jvm.isAlive();
  }

  public int exitCode() {
    return jvm.exitCode();
  }

  /** SIGTERM, then up to 30 s for a graceful Quarkus stop, then kill -9. */
  @Override
  public void close() throws InterruptedException {
    jvm.stop();
  }

  /** kill -9. */
  public void kill() throws InterruptedException {
    jvm.kill();
  }
}
