package dev.passk.learner.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passk.broker.TestKafka;
import dev.passk.report.testing.HeadlessChromium;
import dev.passk.report.testing.SyntheticMetrics;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.kafka.TopicProbe;
import dev.passk.service.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium on a real broker: a viewer who opens the page late sees
 * the run's history, and its charts fill as more records are produced to topic {@code metrics}.
 * Screenshot: target/browser/dashboard.png.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DashboardBrowserTest {

  static final List<String> CHARTS =
      List.of("pass1", "passk", "inner", "cosine", "kcurve", "scatter", "histogram", "predicted");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TestHTTPResource("/dashboard")
  URL dashboard;

  @BeforeEach
  void needsABrowser() {
    Optional<String> skip = HeadlessChromium.skipReason();
    assumeTrue(skip.isEmpty(), () -> "skipped: " + skip.get());
  }

  @Test
  void chartsShowTheHistoryAndFillAsRecordsArrive() throws Exception {
    String suffix = Long.toString(System.nanoTime(), 36);
    List<LearnerMetrics> passk = SyntheticMetrics.run("dash-passk-" + suffix, "passk", 8, 10, 2, 5);
    List<LearnerMetrics> pass1 = SyntheticMetrics.run("dash-pass1-" + suffix, "pass1", 1, 6, 2, 6);
    produce(passk.subList(0, 4));

    try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
      browser.navigate(dashboard + "?run=" + passk.get(0).getRunId() + "&run=" + pass1.get(0).getRunId());
      assertTrue(browser.waitFor(recordsShown(4), WAIT), "the history (4 records) reaches a late viewer");
      for (String chart : CHARTS) {
        assertTrue(marks(browser, chart) > 0, "chart " + chart + " drew the history");
      }
      int pass1Marks = marks(browser, "pass1");

      produce(passk.subList(4, 10));
      produce(pass1);
      assertTrue(browser.waitFor(recordsShown(16), WAIT), "records produced while the page is open arrive");
      assertTrue(browser.waitFor("document.querySelectorAll('table.summary tbody tr').length == 2", WAIT),
          "a summary row per run");
      assertTrue(marks(browser, "pass1") > pass1Marks, "the pass@1 chart grew");
      assertEquals(2, browser.evaluate("document.querySelectorAll('[data-chart=scatter] svg').length").asInt());
      assertEquals("10", browser.evaluate("document.querySelector('table.summary tbody tr td:nth-child(3)')"
          + ".textContent").asText(), "the passk run's summary is at its last step");

      browser.screenshot(Path.of("target/browser/dashboard.png"));
      assertEquals(List.of(), browser.errors());
    }
  }

  private static String recordsShown(int n) {
    return "document.getElementById('passk').dataset.records == '" + n + "'";
  }

  private static int marks(HeadlessChromium browser, String chart) {
    return browser.evaluate("document.querySelectorAll('[data-chart=" + chart + "] .mark').length").asInt();
  }

  private static void produce(List<LearnerMetrics> records) {
    for (LearnerMetrics m : records) {
      TopicProbe.send(TestKafka.bootstrapServers(), MetricsTail.TOPIC, Map.of(m.getRunId(), m));
    }
  }
}
