package dev.passk.report;

import dev.passk.schemas.LearnerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the report of a set of runs (one per objective, say): a self-contained HTML file that works
 * offline, and the raw metrics as JSON Lines next to it ({@code report.html} and {@code report.jsonl}).
 */
public final class RunReport {

  /** Where the two files went. */
  public record Output(Path html, Path jsonl) {}

  private RunReport() {}

  /** Writes {@code htmlFile} and, beside it, the same name ending in {@code .jsonl}; creates folders. */
  public static Output write(List<RunMetrics> runs, Path htmlFile) {
    return write("passk report", runs, htmlFile);
  }

  /** As {@link #write(List, Path)}, with the page's title. */
  public static Output write(String title, List<RunMetrics> runs, Path htmlFile) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one run");
    }
    String name = htmlFile.getFileName().toString();
    String stem = name.endsWith(".html") ? name.substring(0, name.length() - ".html".length()) : name;
    Path jsonl = htmlFile.resolveSibling(stem + ".jsonl");
    try {
      Path parent = htmlFile.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(htmlFile, ChartPage.report(title, runs, jsonl.getFileName().toString()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report " + htmlFile, e);
    }
    MetricsJsonl.write(runs.stream().flatMap(r -> r.steps().stream()).toList(), jsonl);
    return new Output(htmlFile, jsonl);
  }

  /** Convenience for records of several runs mixed together (e.g. read back from a JSONL file). */
  public static Output writeRecords(List<LearnerMetrics> records, Path htmlFile) {
    return write(RunMetrics.byRun(records), htmlFile);
  }
}
