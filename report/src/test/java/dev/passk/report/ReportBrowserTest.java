package dev.passk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passk.report.testing.HeadlessChromium;
import dev.passk.report.testing.SyntheticMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real headless Chromium: every chart draws data marks, the summary has a row per
 * run, the page logs no error, and the screenshot is not blank. Screenshot: target/browser/report.png.
 */
class ReportBrowserTest {

  static final List<String> CHARTS =
      List.of("pass1", "passk", "inner", "cosine", "kcurve", "scatter", "histogram", "predicted");

  @BeforeEach
  void needsABrowser() {
    Optional<String> skip = HeadlessChromium.skipReason();
    assumeTrue(skip.isEmpty(), () -> "skipped: " + skip.get());
  }

  @Test
  void everyChartRendersWithData(@TempDir Path dir) throws Exception {
    List<RunMetrics> runs = SyntheticMetrics.demoRuns(30);
    Path html = RunReport.write(runs, dir.resolve("report.html")).html();

    try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
      browser.navigate(html.toUri().toString());
      assertEquals(90, browser.evaluate("Number(document.getElementById('passk').dataset.records)").asInt());
      for (String chart : CHARTS) {
        int marks = marks(browser, chart);
        assertTrue(marks > 0, "chart " + chart + " drew no data");
      }
      // One line per run plus a dot per evaluation (steps 1, 5, ..., 30: 7 per run).
      assertEquals(3 * (1 + 7), marks(browser, "pass1"));
      assertEquals(3, browser.evaluate("document.querySelectorAll('table.summary tbody tr').length").asInt());
      assertEquals(3, browser.evaluate("document.querySelectorAll('[data-chart=scatter] svg').length").asInt());
      assertEquals(3 * SyntheticMetrics.PROMPTS,
          browser.evaluate("document.querySelectorAll('[data-chart=scatter] circle.mark').length").asInt());

      JsonNode captions = browser.evaluate(
          "[...document.querySelectorAll('figure.chart figcaption span')].map(s => s.textContent.trim())");
      assertEquals(CHARTS.size(), captions.size());
      captions.forEach(c -> assertTrue(c.asText().endsWith("."), "caption is a sentence: " + c));

      browser.evaluate("(() => { const s = document.getElementById('passk-step'); s.value = 0;"
          + " s.dispatchEvent(new Event('input')); })()");
      assertEquals("step 1", browser.evaluate("document.querySelector('.controls span').textContent.trim()").asText());
      JsonNode panelTitles = browser.evaluate(
          "[...document.querySelectorAll('[data-chart=scatter] svg > text:first-of-type')].map(t => t.textContent)");
      panelTitles.forEach(t -> assertTrue(t.asText().endsWith(", step 1"), "scatter follows the slider: " + t));
      assertTrue(marks(browser, "histogram") > 0 && marks(browser, "kcurve") > 0);
      browser.evaluate("(() => { const s = document.getElementById('passk-step'); s.value = s.max;"
          + " s.dispatchEvent(new Event('input')); })()");

      byte[] png = browser.screenshot(Path.of("target/browser/report.png"));
      assertTrue(distinctColours(png) > 20, "the screenshot shows charts, not a blank page");
      assertEquals(List.of(), browser.errors());
    }
  }

  static int marks(HeadlessChromium browser, String chart) {
    return browser.evaluate("document.querySelectorAll('[data-chart=" + chart + "] .mark').length").asInt();
  }

  static long distinctColours(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
        .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
  }
}
