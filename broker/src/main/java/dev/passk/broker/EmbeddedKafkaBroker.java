package dev.passk.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process),
 * started from the Maven artifacts inside the current JVM. Listens on free loopback ports.
 * The data folder survives {@link #close()}, so a broker restarted on the same folder keeps its
 * topics, offsets and transactions (the ports are remembered in the folder).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** Largest record the broker accepts: policy checkpoints may travel inline. */
  public static final int MAX_MESSAGE_BYTES = 64 << 20;

  private final Path dataDir;
  private final int brokerPort;
  private final KafkaRaftServer server;

  private EmbeddedKafkaBroker(Path dataDir, int brokerPort, KafkaRaftServer server) {
    this.dataDir = dataDir;
    this.brokerPort = brokerPort;
    this.server = server;
  }

  /**
   * Formats {@code dataDir} if it is new, starts the broker and waits until it answers.
   *
   * @throws IllegalStateException if it does not become ready within {@code timeout}
   */
  public static EmbeddedKafkaBroker start(Path dataDir, Duration timeout) throws IOException {
    Files.createDirectories(dataDir);
    BrokerPorts ports = BrokerPorts.forDataDir(dataDir);
    Properties props = serverProperties(dataDir, ports);
    Path propsFile = dataDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(propsFile)) {
      props.store(out, "passk single-node KRaft broker");
    }
    if (!Files.exists(dataDir.resolve("metadata").resolve("meta.properties"))) {
      format(propsFile);
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
    server.startup();
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, ports.broker(), server);
    try {
      broker.awaitReady(timeout);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and waits until it has flushed and released its data folder. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static Properties serverProperties(Path dataDir, BrokerPorts ports) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + ports.controller());
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + ports.broker() + ",CONTROLLER://127.0.0.1:" + ports.controller());
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.broker());
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("logs").toString());
    p.put("metadata.log.dir", dataDir.resolve("metadata").toString());
    // One node: every internal topic has one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("num.partitions", "1");
    // Consumers join at once instead of waiting 3 s for more members.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    p.put("socket.request.max.bytes", Integer.toString(MAX_MESSAGE_BYTES + (1 << 20)));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    return p;
  }

  /** Formats new storage with a fresh cluster id (a formatted folder keeps its own id). */
  private static void format(Path propsFile) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
          "-c", propsFile.toString()}, out);
    } catch (Exception e) {
      throw new IllegalStateException("could not format Kafka storage in " + propsFile.getParent()
          + ": " + e.getMessage() + "\n" + buffer.toString(StandardCharsets.UTF_8), e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers()
                + " not ready after " + timeout.toSeconds() + " s: " + e, e);
          }
          sleep();
        }
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    }
  }

  /** Returns a port that was free on the loopback interface a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
