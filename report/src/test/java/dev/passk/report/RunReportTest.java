package dev.passk.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.report.testing.SyntheticMetrics;
import dev.passk.schemas.LearnerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

  @Test
  void writesAnOfflinePageAndTheRawMetricsBesideIt(@TempDir Path dir) throws Exception {
    List<RunMetrics> runs = SyntheticMetrics.demoRuns(10);
    RunReport.Output out = RunReport.write(runs, dir.resolve("out/report.html"));

    assertEquals(dir.resolve("out/report.jsonl"), out.jsonl());
    List<LearnerMetrics> all = runs.stream().flatMap(r -> r.steps().stream()).toList();
    assertEquals(all.size(), MetricsJsonl.read(out.jsonl()).size());
    assertEquals(all.toString(), MetricsJsonl.read(out.jsonl()).toString());

    String html = Files.readString(out.html());
    assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"(?!data:)", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "the report must load nothing but data: URIs: it works offline");
    assertTrue(html.contains(ChartPage.inScript(ChartPage.script())), "charts.js is inlined");
  }

  @Test
  void textThatWouldCloseAScriptIsEscaped() {
    LearnerMetrics m = LearnerMetrics.newBuilder(SyntheticMetrics.run("x", "pass1", 1, 1, 1, 1).get(0))
        .setRunId("</script><b>x</b>").build();
    String html = ChartPage.report("t", List.of(RunMetrics.of(List.of(m))), "t.jsonl");
    assertEquals(3, html.split("</script>", -1).length - 1, "exactly the page's own three script ends");
  }

  @Test
  void runsAreSplitByIdInOrderOfAppearanceAndSortedByStep() {
    List<LearnerMetrics> a = SyntheticMetrics.run("a", "pass1", 1, 3, 2, 1);
    List<LearnerMetrics> b = SyntheticMetrics.run("b", "passk", 8, 2, 2, 2);
    List<RunMetrics> runs = RunMetrics.byRun(List.of(b.get(1), a.get(2), a.get(0), b.get(0), a.get(1)));
    assertEquals(List.of("b", "a"), runs.stream().map(RunMetrics::runId).toList());
    assertEquals(List.of(1L, 2L, 3L), runs.get(1).steps().stream().map(LearnerMetrics::getStep).toList());
    assertEquals("passk", runs.get(0).objective());
  }
}
