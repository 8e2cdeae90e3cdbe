package dev.passk.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  @TempDir Path dataDir;

  @Test
  void largeRecordsRoundTripAndSurviveARestartOnTheSameFolder() throws Exception {
    byte[] large = KafkaRoundTrip.large();
    String firstAddress;
    long t0 = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, Duration.ofSeconds(60))) {
      System.out.printf("in-process broker ready in %.2f s%n", (System.nanoTime() - t0) / 1e9);
      firstAddress = broker.bootstrapServers();
      KafkaRoundTrip.createTopic(firstAddress, "big");
      KafkaRoundTrip.produce(firstAddress, "big", List.of("small".getBytes(), large));
      List<byte[]> read = KafkaRoundTrip.consumeAll(firstAddress, "big", 2);
      assertEquals(2, read.size());
      assertArrayEquals(large, read.get(1));
    }
    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(dataDir, Duration.ofSeconds(60))) {
      assertEquals(firstAddress, again.bootstrapServers(), "same folder, same address");
      List<byte[]> read = KafkaRoundTrip.consumeAll(again.bootstrapServers(), "big", 2);
      assertEquals(2, read.size(), "records written before the restart are still there");
      assertArrayEquals("small".getBytes(), read.get(0));
      assertArrayEquals(large, read.get(1));
    }
  }
}
