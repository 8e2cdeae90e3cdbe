package dev.passk.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The markdown: a table line per row (counts as integers), then the sections' paragraphs in order. */
class BenchReportTest {

  @Test
  void rowsThenParagraphs() {
    BenchReport report = new BenchReport("2026-01-01T00:00:00Z",
        Map.of("cores", "2", "cpu", "x", "java", "17", "djl", "0.36.0", "pytorchEngine", "2.7.1"),
        new BenchSettings(1, true, Path.of("."), Path.of(".")),
        List.of(BenchRow.plain("scaling estimate", "sampler replicas", 8, "replicas"),
            new BenchRow("wire", "Avro share", 14.3, "ms", Double.NaN, 0.0407, "share of a step", "")),
        List.of("## Scaling estimate\n\nText.\n", "## Other\n"));
    assertEquals("""
        # passk bench

        2026-01-01T00:00:00Z; 2 cores (x); 17; DJL 0.36.0 with PyTorch 2.7.1; 1 round(s), quick

        | section | metric | ours | peer | ratio | meaning | target |
        |---|---|---:|---:|---:|---|---|
        | scaling estimate | sampler replicas | 8 replicas |  |  |  |  |
        | wire | Avro share | 14.3 ms |  | 0.04 | share of a step |  |

        ## Scaling estimate

        Text.

        ## Other
        """, report.markdown());
  }
}
