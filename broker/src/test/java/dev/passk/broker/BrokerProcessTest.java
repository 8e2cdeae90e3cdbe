package dev.passk.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker in its own JVM: ready line, real clients, SIGTERM shutdown, restart keeps data. */
class BrokerProcessTest {

  @TempDir Path dataDir;

  @Test
  void startsInItsOwnJvmStopsOnSigtermAndRestartsWithItsData() throws Exception {
    String classpath = System.getProperty("java.class.path");
    List<String> log = new CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    BrokerProcess broker = BrokerProcess.start(dataDir, classpath, List.of("-Xmx512m"),
        Duration.ofSeconds(90), log::add);
    double startSeconds = (System.nanoTime() - t0) / 1e9;
    long rssKb = rssKb(broker.pid());
    KafkaRoundTrip.createTopic(broker.bootstrapServers(), "t");
    KafkaRoundTrip.produce(broker.bootstrapServers(), "t", List.of("one".getBytes()));
    long t1 = System.nanoTime();
    broker.close();
    double stopSeconds = (System.nanoTime() - t1) / 1e9;
    assertFalse(broker.isAlive());
    assertTrue(log.contains("passk-broker stopped"), "clean shutdown ran: " + log);
    System.out.printf("broker JVM: ready in %.2f s, RSS %d MB, SIGTERM stop in %.2f s%n",
        startSeconds, rssKb / 1024, stopSeconds);

    BrokerProcess again = BrokerProcess.start(dataDir, classpath, List.of("-Xmx512m"),
        Duration.ofSeconds(90), line -> { });
    try {
      List<byte[]> read = KafkaRoundTrip.consumeAll(again.bootstrapServers(), "t", 1);
      assertEquals(1, read.size());
      assertEquals("one", new String(read.get(0)));
    } finally {
      again.close();
    }
  }

  private static long rssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
