package dev.passk.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTML around the charts: the offline report (script and data inlined) and the live dashboard
 * (script and events fetched from the service). Both pages run the same {@code charts.js}.
 */
public final class ChartPage {

  /** Classpath resource of the drawing code shared by the report and the dashboard. */
  public static final String SCRIPT_RESOURCE = "dev/passk/report/charts.js";

  private ChartPage() {}

  /** The drawing code, as served to the dashboard and inlined into the report. */
  public static String script() {
    try (InputStream in = ChartPage.class.getClassLoader().getResourceAsStream(SCRIPT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the classpath (report jar incomplete)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + SCRIPT_RESOURCE, e);
    }
  }

  /**
   * A page that works offline: the script, the records and the summary rows are all inside it;
   * {@code rawMetricsFile} names the JSONL file shipped beside it.
   */
  public static String report(String title, List<RunMetrics> runs, String rawMetricsFile) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    ArrayNode records = data.putArray("records");
    ArrayNode summary = data.putArray("summary");
    for (RunMetrics run : runs) {
      run.steps().forEach(m -> records.add(MetricsJsonl.toJson(m)));
      summary.add(RunSummary.of(run).toJson());
    }
    return page(title, "Training runs " + escape(String.join(", ", runs.stream().map(RunMetrics::runId).toList()))
        + ". Raw metrics (JSON Lines): " + escape(rawMetricsFile) + " next to this page.",
        "<script type=\"application/json\" id=\"passk-data\">" + inScript(data.toString()) + "</script>\n"
            + "<script>\n" + inScript(script()) + "\n</script>\n"
            + "<script>PasskCharts.fromEmbedded('passk', 'passk-data');</script>\n");
  }

  /**
   * The live page: loads the script from {@code scriptUrl} and follows {@code eventsUrl} (server-sent
   * events "metrics" and "summary"); the page's own query string is passed on to the events URL.
   */
  public static String dashboard(String title, String scriptUrl, String eventsUrl) {
    return page(title, "Live: updated from the Kafka topic <code>metrics</code> as the learner publishes.",
        "<script src=\"" + escape(scriptUrl) + "\"></script>\n"
            + "<script>PasskCharts.live('passk', '" + escape(eventsUrl) + "' + window.location.search);</script>\n");
  }

  private static String page(String title, String subtitleHtml, String scripts) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"data:,\">\n<title>" + escape(title)
        + "</title>\n</head>\n<body style=\"margin:16px\">\n<h1 style=\"font:600 22px system-ui,sans-serif\">"
        + escape(title) + "</h1>\n<p style=\"font:14px system-ui,sans-serif\">" + subtitleHtml + "</p>\n"
        + "<div id=\"passk\"></div>\n" + scripts + "</body>\n</html>\n";
  }

  /** Text inside a script element must not close it: "</" becomes "<\/" (same meaning in JS and JSON). */
  static String inScript(String code) {
    return code.replace("</", "<\\/");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
