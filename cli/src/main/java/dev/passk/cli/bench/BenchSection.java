package dev.passk.cli.bench;

import java.io.PrintStream;
import java.util.List;

/** One part of {@code ./passk bench}: measures, prints progress on {@code log}, returns its rows. */
public interface BenchSection {

  String name();

  List<BenchRow> run(BenchSettings settings, PrintStream log) throws Exception;

  /** Markdown to print under the table about the last run's rows; empty when the rows say it all. */
  default String paragraph() {
    return "";
  }
}
