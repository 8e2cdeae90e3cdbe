package dev.passk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passk.report.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser driver itself: the page-error check that the chart tests rely on can fail. */
class HeadlessChromiumTest {

  @BeforeEach
  void needsABrowser() {
    Optional<String> skip = HeadlessChromium.skipReason();
    assumeTrue(skip.isEmpty(), () -> "skipped: " + skip.get());
  }

  @Test
  void evaluatesWaitsAndCollectsEveryKindOfPageError(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("p.html");
    Files.writeString(page, "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head><body>"
        + "<img src=\"missing.png\"><script>console.log('fine'); console.error('bad thing');"
        + "setTimeout(() => { document.body.dataset.late = 'yes'; }, 300);"
        + "undefinedFunction();</script></body></html>");
    try (HeadlessChromium browser = HeadlessChromium.start(800, 600)) {
      browser.navigate(page.toUri().toString());
      assertEquals(42, browser.evaluate("6 * 7").asInt());
      assertTrue(browser.waitFor("document.body.dataset.late === 'yes'", Duration.ofSeconds(10)));
      assertTrue(!browser.waitFor("false", Duration.ofMillis(300)));
      List<String> errors = browser.errors();
      assertEquals(3, errors.size(), errors.toString());
      assertTrue(errors.stream().anyMatch(e -> e.startsWith("console.error") && e.contains("bad thing")), errors.toString());
      assertTrue(errors.stream().anyMatch(e -> e.startsWith("uncaught") && e.contains("undefinedFunction")), errors.toString());
      assertTrue(errors.stream().anyMatch(e -> e.startsWith("log") && e.contains("missing.png")), errors.toString());
    }
  }
}
