package dev.passk.verifiers.builtin;

import static dev.passk.verifiers.builtin.Verifiers.create;
import static dev.passk.verifiers.builtin.Verifiers.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback: a correct one, a slow one, a failing one and a flaky one. */
class HttpVerifierTest {

  private HttpServer server;
  private final AtomicInteger failingHits = new AtomicInteger();
  private final AtomicInteger flakyHits = new AtomicInteger();
  private final AtomicLong currentTime = new AtomicLong();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/grade", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean correct = body.contains("\"completion\":\"42\"") && body.contains("\"answer\":\"42\"");
      respond(exchange, 200, "{\"reward\": " + (correct ? 1 : 0) + ", \"detail\": \"graded remotely\"}");
    });
    server.createContext("/slow", exchange -> {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 200, "{\"reward\": 1}");
    });
    server.createContext("/failing", exchange -> {
      failingHits.incrementAndGet();
      respond(exchange, 503, "overloaded");
    });
    server.createContext("/flaky", exchange -> respond(exchange, flakyHits.incrementAndGet() == 1 ? 500 : 200, "{\"reward\": 0.25}"));
    server.createContext("/bad", exchange -> respond(exchange, 200, "{\"reward\": 7}"));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Test
  void remoteRewardIsReturned() {
    Verifier v = create("http", "url", url("/grade"));
    VerifierResult right = verify(v, "42", "42");
    assertEquals(1.0, right.reward(), right.detail());
    assertEquals("graded remotely", right.detail());
    assertEquals(0.0, verify(v, "42", "41").reward());
  }

  @Test
  void slowServerEndsAsTimeoutAfterRetries() {
    long start = System.nanoTime();
    VerifierResult result = verify(create("http", "url", url("/slow"), "timeout-ms", "150", "retries", "1", "backoff-ms", "10"), "a", "b");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(VerifierResult.Status.TIMEOUT, result.status(), result.detail());
    assertTrue(result.detail().contains("failed 2 attempts"), result.detail());
    assertTrue(millis < 15_000, "took " + millis + " ms (a hang would never answer)");
  }

  @Test
  void retryRecoversFromOneFailure() {
    VerifierResult result = verify(create("http", "url", url("/flaky"), "backoff-ms", "1"), "a", "b");
    assertEquals(0.25, result.reward(), result.detail());
    assertEquals(2, flakyHits.get());
  }

  @Test
  void failingServerOpensTheCircuitWhichThenFailsFastAndRecoversAfterTheOpenPeriod() {
    HttpVerifier v = new HttpVerifier(java.net.URI.create(url("/failing")), java.time.Duration.ofSeconds(1), 1, 1,
        new CircuitBreaker(3, 1_000_000_000L, currentTime::get));
    for (int i = 0; i < 3; i++) {
      VerifierResult result = verify(v, "a", "b");
      assertEquals(VerifierResult.Status.ERROR, result.status());
      assertTrue(result.detail().contains("HTTP 503"), result.detail());
    }
    assertEquals(6, failingHits.get()); // 3 calls x (1 try + 1 retry)
    VerifierResult open = verify(v, "a", "b");
    assertEquals(VerifierResult.Status.ERROR, open.status());
    assertTrue(open.detail().startsWith("circuit open"), open.detail());
    assertEquals(6, failingHits.get()); // refused without touching the server
    currentTime.addAndGet(1_000_000_001L); // the open period passes: one trial call goes through, fails, re-opens
    verify(v, "a", "b");
    assertEquals(8, failingHits.get());
    assertTrue(verify(v, "a", "b").detail().startsWith("circuit open"));
  }

  @Test
  void invalidAnswersAndUnreachableServersAreErrors() {
    assertEquals(VerifierResult.Status.ERROR, verify(create("http", "url", url("/bad")), "a", "b").status());
    assertEquals(VerifierResult.Status.ERROR, verify(create("http", "url", url("/missing"), "retries", "0"), "a", "b").status());
    server.stop(0);
    assertEquals(VerifierResult.Status.ERROR, verify(create("http", "url", url("/grade"), "retries", "0"), "a", "b").status());
  }
}
