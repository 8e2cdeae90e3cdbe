package dev.passk.verifiers.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierFactory;
import dev.passk.verifiers.VerifierOptions;
import dev.passk.verifiers.VerifierResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * Asks a remote service: POSTs {@code {"prompt", "answer", "completion"}} as JSON to {@code url} and reads
 * {@code {"reward": r}} (optionally {@code "status": "ok|error|timeout"} and {@code "detail"}) back.
 *
 * <p>Each attempt has a {@code timeout-ms}; a timeout, connection failure or 5xx is retried up to
 * {@code retries} times with exponential backoff ({@code backoff-ms}, doubled each time); a 4xx or a
 * malformed body is not retried. A call whose attempts all fail counts as one failure of the
 * {@link CircuitBreaker}; after {@code failure-threshold} such calls in a row the circuit opens and calls
 * fail fast with {@code ERROR} for {@code open-ms} without touching the server. Final outcome: all
 * attempts timed out -> {@code TIMEOUT}; otherwise a failure -> {@code ERROR}.
 */
public final class HttpVerifier implements Verifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final Duration timeout;
  private final int retries;
  private final long backoffMillis;
  private final CircuitBreaker breaker;
  private final HttpClient client;

  HttpVerifier(URI url, Duration timeout, int retries, long backoffMillis, CircuitBreaker breaker) {
    this.url = url;
    this.timeout = timeout;
    this.retries = retries;
    this.backoffMillis = backoffMillis;
    this.breaker = breaker;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public VerifierResult verify(VerificationRequest request) {
    if (!breaker.allow()) {
      return VerifierResult.error("circuit open for " + url + ": retrying in " + breaker.remainingOpenNanos() / 1_000_000 + " ms");
    }
    String body = requestBody(request);
    boolean allTimedOut = true;
    String lastProblem = "";
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0 && !sleep(backoffMillis << (attempt - 1))) {
        breaker.onFailure();
        return VerifierResult.timeout("interrupted while backing off after: " + lastProblem);
      }
      try {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(timeout)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        allTimedOut = false;
        if (response.statusCode() >= 500) {
          lastProblem = "HTTP " + response.statusCode();
          continue;
        }
        if (response.statusCode() != 200) {
          breaker.onSuccess(); // the server is up; the request was refused
          return VerifierResult.error(url + " answered HTTP " + response.statusCode() + ": " + VerifierResult.quote(response.body(), 80));
        }
        breaker.onSuccess();
        return parseResponse(response.body());
      } catch (HttpTimeoutException e) {
        lastProblem = "no answer within " + timeout.toMillis() + " ms";
      } catch (IOException e) {
        allTimedOut = false;
        lastProblem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        breaker.onFailure();
        return VerifierResult.timeout("interrupted while waiting for " + url);
      }
    }
    breaker.onFailure();
    String detail = url + " failed " + (retries + 1) + " attempts; last: " + lastProblem;
    return allTimedOut ? VerifierResult.timeout(detail) : VerifierResult.error(detail);
  }

  private static String requestBody(VerificationRequest request) {
    ObjectNode node = JSON.createObjectNode();
    node.put("prompt", request.prompt()).put("answer", request.answer()).put("completion", request.completion());
    return node.toString();
  }

  private VerifierResult parseResponse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode reward = node == null ? null : node.get("reward");
      if (reward == null || !reward.isNumber()) {
        return VerifierResult.error(url + " answered without a numeric \"reward\": " + VerifierResult.quote(body, 80));
      }
      String detail = node.path("detail").asText("");
      return switch (node.path("status").asText("ok")) {
        case "ok" -> VerifierResult.ok(reward.asDouble(), detail);
        case "error" -> VerifierResult.error(detail);
        case "timeout" -> VerifierResult.timeout(detail);
        default -> VerifierResult.error(url + " answered an unknown status: " + VerifierResult.quote(node.path("status").asText(), 20));
      };
    } catch (IOException | IllegalArgumentException e) {
      return VerifierResult.error(url + " answered an invalid result: " + e.getMessage());
    }
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code http}: options listed in {@link #description()}. */
  public static final class Factory implements VerifierFactory {
    @Override
    public String name() {
      return "http";
    }

    @Override
    public String description() {
      return "POSTs {prompt, answer, completion} to a remote verifier; options: url (required), timeout-ms (5000), "
          + "retries (2), backoff-ms (100), failure-threshold (5), open-ms (30000)";
    }

    @Override
    public Verifier create(Map<String, String> options) {
      VerifierOptions o = new VerifierOptions(name(), options);
      String url = o.require("url");
      Duration timeout = o.millis("timeout-ms", 5000);
      int retries = o.integer("retries", 2, 0, 10);
      long backoff = o.integer("backoff-ms", 100, 0, 60_000);
      int threshold = o.integer("failure-threshold", 5, 1, 1000);
      long openNanos = o.millis("open-ms", 30_000).toNanos();
      o.finish();
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw o.invalid("url", "is not a URI: " + e.getMessage());
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw o.invalid("url", "must start with http:// or https://, got '" + url + "'");
      }
      return new HttpVerifier(uri, timeout, retries, backoff, new CircuitBreaker(threshold, openNanos, System::nanoTime));
    }
  }
}
