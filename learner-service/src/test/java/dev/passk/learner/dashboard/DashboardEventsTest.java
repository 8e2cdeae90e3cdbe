package dev.passk.learner.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.broker.TestKafka;
import dev.passk.report.ChartPage;
import dev.passk.report.MetricsJsonl;
import dev.passk.report.testing.SyntheticMetrics;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.kafka.TopicProbe;
import dev.passk.service.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The dashboard's endpoints over plain HTTP on a real broker (no browser needed). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DashboardEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/dashboard/events")
  URL events;

  @Test
  void pageAndScriptAreServed() {
    given().when().get("/dashboard").then().statusCode(200).contentType(containsString("text/html"))
        .body(containsString("PasskCharts.live('passk', '/dashboard/events'"));
    given().when().get("/dashboard/charts.js").then().statusCode(200).body(equalTo(ChartPage.script()));
  }

  @Test
  void streamsTheRunsRecordsThenItsSummaryAndHonoursSince() throws Exception {
    String runId = "events-" + Long.toString(System.nanoTime(), 36);
    List<LearnerMetrics> records = SyntheticMetrics.run(runId, "passk", 8, 5, 2, 9);
    produce(records.subList(0, 2));
    Thread.sleep(20); // record timestamps are the producer's clock: later ones are strictly after
    long since = System.currentTimeMillis();
    produce(records.subList(2, 5));

    List<JsonNode> all = read(events + "?run=" + runId, 5);
    assertEquals(records.stream().map(MetricsJsonl::toLine).toList(), all.stream().map(JsonNode::toString).toList());

    List<JsonNode> recent = read(events + "?run=" + runId + "&since=" + since, 3);
    assertEquals(List.of(3L, 4L, 5L), recent.stream().map(n -> n.get("step").asLong()).toList());
  }

  /** Reads "metrics" events until {@code count} arrived and the "summary" after them; checks it. */
  private static List<JsonNode> read(String url, int count) throws Exception {
    HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    CompletableFuture<List<JsonNode>> result = CompletableFuture.supplyAsync(() -> {
      List<JsonNode> metrics = new ArrayList<>();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String event = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("event:")) {
            event = line.substring("event:".length()).trim();
          } else if (line.startsWith("data:")) {
            JsonNode data = JSON.readTree(line.substring("data:".length()));
            if ("metrics".equals(event)) {
              metrics.add(data);
            } else if ("summary".equals(event) && metrics.size() >= count) {
              JsonNode row = data.get(data.size() - 1);
              assertEquals(metrics.get(metrics.size() - 1).get("step").asLong(), row.get("steps").asLong());
              return metrics;
            }
          }
        }
        throw new AssertionError("stream ended after " + metrics.size() + " metrics events");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      List<JsonNode> metrics = result.get(60, TimeUnit.SECONDS);
      assertTrue(metrics.size() == count, "exactly the run's records: " + metrics.size());
      return metrics;
    } finally {
      response.body().close();
    }
  }

  private static void produce(List<LearnerMetrics> records) {
    for (LearnerMetrics m : records) {
      TopicProbe.send(TestKafka.bootstrapServers(), MetricsTail.TOPIC, Map.of(m.getRunId(), m));
    }
  }
}
