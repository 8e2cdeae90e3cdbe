package dev.passk.cli.pipeline;

import dev.passk.broker.BrokerProcess;
import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.schemas.kafka.TopicSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole pipeline on this machine: the embedded Kafka broker (or an existing cluster) and the
 * three services, each in its own JVM. Closing stops them in reverse order, each with SIGTERM, so
 * no JVM is left behind and the broker's data stays consistent.
 */
public final class LocalPipeline implements AutoCloseable {

  /** JVM settings of a service: small heap, one libtorch thread (scale with replicas, not threads). */
  private static final List<String> SERVICE_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC",
      "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1");

  /**
   * @param home the repository root, where each service's {@code target/quarkus-app} is
   * @param workDir broker data and service logs
   * @param externalBootstrap an existing Kafka cluster to use instead of the embedded broker
   * @param djlCache where DJL unpacks libtorch (shared between runs)
   * @param runEnv environment of the learner (PASSK_RUN_*); empty: start no learner (start runs
   *     one by one with {@link #startLearner})
   * @param serviceJvmOptions JVM options every service JVM gets after the pipeline's own (so they
   *     may override them), say {@code -XX:+AlwaysPreTouch} for a memory soak; not the broker's
   */
  public record Options(Path home, Path workDir, Optional<String> externalBootstrap, Path djlCache,
      Map<String, String> runEnv, List<String> serviceJvmOptions) {

    public Options {
      serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    /** Options whose services get only the pipeline's own JVM options. */
    public Options(Path home, Path workDir, Optional<String> externalBootstrap, Path djlCache,
        Map<String, String> runEnv) {
      this(home, workDir, externalBootstrap, djlCache, runEnv, List.of());
    }

    /** These options with {@code jvmOptions} for every service JVM instead of {@link #serviceJvmOptions()}. */
    public Options withServiceJvmOptions(List<String> jvmOptions) {
      return new Options(home, workDir, externalBootstrap, djlCache, runEnv, jvmOptions);
    }
  }

  /** A JVM start on a loaded 2-core machine can take minutes. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

  private final List<ServiceProcess> services = new ArrayList<>();
  /** What each service was started with, so a killed one can be started again alike. */
  private final Map<String, Map<String, String>> serviceEnv = new HashMap<>();
  private Options options;
  private final Thread stopOnExit = new Thread(this::closeOnExit, "passk-pipeline-stop");
  private volatile BrokerProcess broker;
  private volatile String bootstrapServers;
  private boolean closed;

  private LocalPipeline() {
    // Ctrl-C (or any JVM exit) at any moment, even half-way through start, stops every child JVM.
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Starts everything and returns once every service reports ready; on failure stops what started. */
  public static LocalPipeline start(Options options, PrintStream progress) throws IOException, InterruptedException {
    LocalPipeline pipeline = new LocalPipeline();
    pipeline.options = options;
    try {
      pipeline.startBroker(options, progress);
      TopicSetup.ensureTopics(pipeline.bootstrapServers);
      pipeline.startService("verifier-service", options, Map.of(), progress);
      pipeline.startService("sampler-service", options, Map.of(), progress);
      if (!options.runEnv().isEmpty()) {
        pipeline.startService("learner-service", options, options.runEnv(), progress);
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      pipeline.close();
      throw e;
    }
    return pipeline;
  }

  private void startBroker(Options options, PrintStream progress) throws IOException {
    if (options.externalBootstrap().isPresent()) {
      bootstrapServers = options.externalBootstrap().get();
      return;
    }
    long t0 = System.nanoTime();
    broker = BrokerProcess.start(options.workDir().resolve("broker"), System.getProperty("java.class.path"),
        List.of("-Xmx512m", "-XX:+UseSerialGC"), Duration.ofSeconds(120), progress::println);
    bootstrapServers = broker.bootstrapServers();
    progress.printf("kafka broker ready at %s in %.1f s (pid %d)%n", bootstrapServers, seconds(t0), broker.pid());
  }

  private void startService(String name, Options options, Map<String, String> extraEnv, PrintStream progress)
      throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("DJL_CACHE_DIR", options.djlCache().toString());
    env.put("DJL_OFFLINE", "true");
    serviceEnv.put(name, Map.copyOf(env));
    launch(name, env, progress);
  }

  /**
   * Starts a learner for one run (its PASSK_RUN_* environment) on a given HTTP port, so that runs
   * started one after another keep one dashboard address; returns once it is ready.
   */
  public ServiceProcess startLearner(Map<String, String> runEnv, int httpPort, PrintStream progress)
      throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>(runEnv);
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("DJL_CACHE_DIR", options.djlCache().toString());
    env.put("DJL_OFFLINE", "true");
    serviceEnv.put("learner-service", Map.copyOf(env));
    return launch("learner-service", env, httpPort, progress);
  }

  /**
   * Starts one more JVM of a running service (verifier-service, sampler-service or learner-service)
   * with the environment the service was first started with plus {@code extraEnv}; it joins the
   * service's consumer group and takes a share of the partitions. Named {@code replicaName} (its log
   * {@code <replicaName>.log}, {@link #service(String)} finds it by that name); {@link #restart} does
   * not apply to it. Returns once it is ready.
   */
  public ServiceProcess startReplica(String service, String replicaName, Map<String, String> extraEnv,
      PrintStream progress) throws IOException, InterruptedException {
    Map<String, String> firstEnv = serviceEnv.get(service);
    if (firstEnv == null) {
      throw new IllegalArgumentException("no service " + service + " was started in this pipeline to add a replica"
          + " of; started: " + serviceEnv.keySet());
    }
    if (replicaName.equals(service)) {
      throw new IllegalArgumentException("a replica needs a name other than its service's (" + service + ")");
    }
    Map<String, String> env = new HashMap<>(firstEnv);
    env.putAll(extraEnv);
    return launch(service, replicaName, env, EmbeddedKafkaBroker.freePort(), progress);
  }

  /** Stops one service with SIGTERM (graceful) and forgets it. */
  public void stop(ServiceProcess service) throws InterruptedException {
    service.close();
    synchronized (this) {
      services.remove(service);
    }
  }

  private ServiceProcess launch(String name, Map<String, String> env, PrintStream progress)
      throws IOException, InterruptedException {
    return launch(name, env, EmbeddedKafkaBroker.freePort(), progress);
  }

  private ServiceProcess launch(String name, Map<String, String> env, int httpPort, PrintStream progress)
      throws IOException, InterruptedException {
    return launch(name, name, env, httpPort, progress);
  }

  /** Starts the packaged {@code app} (a service's module) as a JVM called {@code name}; waits until it is ready. */
  private ServiceProcess launch(String app, String name, Map<String, String> env, int httpPort,
      PrintStream progress) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    ServiceProcess service;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the pipeline is closed; cannot start " + name);
      }
      List<String> jvmOptions = new ArrayList<>(SERVICE_JVM);
      jvmOptions.addAll(options.serviceJvmOptions());
      service = ServiceProcess.start(name, options.home().resolve(app).resolve("target/quarkus-app"),
          env, jvmOptions, httpPort, options.workDir().resolve("logs"));
      services.add(service);
    }
    service.awaitReady(READY_TIMEOUT);
    progress.printf("%-16s ready at %s in %.1f s (pid %d, log %s)%n", name, service.baseUrl(), seconds(t0),
        service.pid(), service.log());
    return service;
  }

  /** The running (or last started) JVM of a service: verifier-service, sampler-service or learner-service. */
  public synchronized ServiceProcess service(String name) {
    for (int i = services.size() - 1; i >= 0; i--) {
      if (services.get(i).name().equals(name)) {
        return services.get(i);
      }
    }
    throw new IllegalArgumentException("no service " + name + " in this pipeline; it has "
        + services.stream().map(ServiceProcess::name).distinct().toList());
  }

  /**
   * Starts a service again, with the environment it first had, after its JVM exited (say after
   * {@link ServiceProcess#kill()}); returns once the new JVM is ready. Its log continues in the same file.
   */
  public ServiceProcess restart(String name, PrintStream progress) throws IOException, InterruptedException {
    ServiceProcess old = service(name);
    if (old.isAlive()) {
      throw new IllegalStateException(name + " (pid " + old.pid() + ") is still running; stop or kill it first");
    }
    synchronized (this) {
      services.remove(old);
    }
    return launch(name, serviceEnv.get(name), progress);
  }

  /**
   * kill -9 of the embedded broker, for fault tests: no flush, no clean shutdown. Its data folder
   * stays, so {@link #restartBroker} brings it back at the same address.
   */
  public void killBroker() throws InterruptedException {
    embeddedBroker().kill();
  }

  /**
   * Starts the embedded broker again on its data folder after its JVM exited (say after
   * {@link #killBroker()}); returns once it accepts clients, at the address it had, so the running
   * services reconnect by themselves.
   */
  public void restartBroker(PrintStream progress) throws IOException {
    BrokerProcess old = embeddedBroker();
    if (old.isAlive()) {
      throw new IllegalStateException("the broker (pid " + old.pid() + ") is still running; kill it first");
    }
    String address = bootstrapServers;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the pipeline is closed; cannot restart the broker");
      }
      startBroker(options, progress);
    }
    if (!bootstrapServers.equals(address)) {
      throw new IllegalStateException("the restarted broker answers at " + bootstrapServers + ", not at "
          + address + " as before: its data folder " + options.workDir().resolve("broker") + " lost its ports file");
    }
  }

  /** The embedded broker's JVM process id. */
  public long brokerPid() {
    return embeddedBroker().pid();
  }

  private synchronized BrokerProcess embeddedBroker() {
    if (broker == null) {
      throw new IllegalStateException("this pipeline uses an existing Kafka cluster (" + bootstrapServers
          + "), not an embedded broker it could kill or restart");
    }
    return broker;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public List<ServiceProcess> services() {
    return List.copyOf(services);
  }

  /** Stops the services (last started first), then the broker. Safe to call twice. */
  @Override
  public void close() throws InterruptedException {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down: the hook is running or has run
    }
  }

  private synchronized void stopAll() throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private void closeOnExit() {
    try {
      stopAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
