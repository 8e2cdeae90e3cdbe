/**
 * The self-contained HTML report and the live dashboard's charts.
 *
 * <ul>
 *   <li>{@link dev.passk.report.RunReport#write(java.util.List, java.nio.file.Path)}: runs ({@link
 *       dev.passk.report.RunMetrics}, e.g. {@code RunMetrics.byRun(records)}) to {@code report.html}
 *       (offline, charts inlined) plus {@code report.jsonl} beside it;
 *   <li>{@link dev.passk.report.MetricsJsonl}: a {@code LearnerMetrics} as one JSON line and back;
 *   <li>{@link dev.passk.report.RunSummary}: the summary row of a run (final pass@1 and pass@k, share
 *       of steps with {@code <g_k, g_1> < 0}, k*), as JSON or a terminal table;
 *   <li>{@link dev.passk.report.ChartPage}: the HTML of the report and of the dashboard, both running
 *       the one drawing script {@code dev/passk/report/charts.js}.
 * </ul>
 * The test jar's {@code dev.passk.report.testing} holds what the browser tests of the report and the
 * dashboard share (a headless Chromium driver, synthetic metrics).
 */
package dev.passk.report;
