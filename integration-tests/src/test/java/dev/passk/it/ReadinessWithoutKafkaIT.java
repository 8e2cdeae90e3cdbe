package dev.passk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.passk.broker.EmbeddedKafkaBroker;
import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service whose broker is unreachable starts, stays alive, and reports readiness DOWN (503). */
class ReadinessWithoutKafkaIT {

  @TempDir Path logs;

  @Test
  void verifierServiceIsNotReadyWhileKafkaIsUnreachable() throws Exception {
    int deadPort = EmbeddedKafkaBroker.freePort();
    try (ServiceProcess service = ServiceProcess.start("verifier-service",
        PasskHome.root().resolve("verifier-service/target/quarkus-app"),
        Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + deadPort), List.of("-Xmx256m"),
        EmbeddedKafkaBroker.freePort(), logs)) {
      HttpClient http = HttpClient.newHttpClient();
      int liveness = await(http, service.baseUrl() + "/q/health/live", 200);
      assertEquals(200, liveness, "the process is alive");
      int readiness = await(http, service.baseUrl() + "/q/health/ready", 503);
      assertEquals(503, readiness, "readiness is DOWN without Kafka");
    }
  }

  /** Polls until the status is {@code wanted} or 60 s pass; returns the last status. */
  private static int await(HttpClient http, String url, int wanted) throws InterruptedException {
    int status = -1;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (status != wanted && System.nanoTime() < deadline) {
      try {
        status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (java.io.IOException notListeningYet) {
        Thread.sleep(250);
      }
    }
    return status;
  }
}
