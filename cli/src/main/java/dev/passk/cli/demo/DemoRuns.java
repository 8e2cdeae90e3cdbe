package dev.passk.cli.demo;

import dev.passk.cli.pipeline.LocalPipeline;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.report.RunMetrics;
import dev.passk.report.RunReport;
import dev.passk.report.RunSummary;
import dev.passk.schemas.Evaluation;
import dev.passk.schemas.LearnerMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@link DemoPlan}'s objectives one after another on a started pipeline, then the report. */
public final class DemoRuns {

  /** A run that makes no step for this long has failed (the learner log says why). */
  private static final Duration STALL_LIMIT = Duration.ofMinutes(5);

  private final LocalPipeline pipeline;
  private final DemoPlan plan;
  private final Path workDir;
  private final int dashboardPort;
  private final PrintStream out;
  private final String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  private final long startedAtMillis = System.currentTimeMillis();

  public DemoRuns(LocalPipeline pipeline, DemoPlan plan, Path workDir, int dashboardPort, PrintStream out) {
    this.pipeline = pipeline;
    this.plan = plan;
    this.workDir = workDir;
    this.dashboardPort = dashboardPort;
    this.out = out;
  }

  /** Runs every objective; true when every run reached its last step. */
  public boolean runAll() throws IOException, InterruptedException {
    out.printf("live dashboard (while a learner runs): http://localhost:%d/dashboard?since=%d%n",
        dashboardPort, startedAtMillis);
    List<RunMetrics> runs = new ArrayList<>();
    boolean complete = true;
    for (String objective : plan.objectives()) {
      List<LearnerMetrics> steps = runOne(objective);
      complete &= !steps.isEmpty() && steps.get(steps.size() - 1).getStep() >= plan.steps();
      if (!steps.isEmpty()) {
        runs.add(RunMetrics.of(steps));
      }
    }
    if (runs.isEmpty()) {
      out.println("no run produced metrics: see the learner log");
      return false;
    }
    RunReport.Output report = RunReport.write("passk demo " + stamp, runs,
        workDir.resolve("reports").resolve("demo-" + stamp).resolve("report.html"));
    out.println();
    out.print(RunSummary.table(runs.stream().map(RunSummary::of).toList()));
    out.println();
    runs.forEach(run -> out.println(RunOutcome.of(run.objective(), run.steps()).line()));
    out.printf("%nreport: %s%nraw metrics (JSON lines): %s%n", report.html(), report.jsonl());
    return complete;
  }

  private List<LearnerMetrics> runOne(String objective) throws IOException, InterruptedException {
    String runId = "demo-" + stamp + "-" + objective;
    out.printf("%n== run %s: objective %s ==%n", runId, objective);
    ServiceProcess learner = pipeline.startLearner(
        plan.learnerEnv(runId, objective, workDir.resolve("demo-state").toString()), dashboardPort, out);
    try (MetricsFollower follower = new MetricsFollower(pipeline.bootstrapServers(), runId)) {
      Evaluation[] lastEval = {null};
      long lastProgress = System.nanoTime();
      while (follower.lastStep() < plan.steps()) {
        long before = follower.lastStep();
        follower.poll(Duration.ofMillis(500), m -> {
          if (m.getEvaluation() != null) {
            lastEval[0] = m.getEvaluation();
          }
          out.println(ProgressLine.of(objective, m, plan.steps(), DemoPlan.K, lastEval[0]));
        });
        if (follower.lastStep() > before) {
          lastProgress = System.nanoTime();
        } else if (!learner.isAlive()) {
          out.printf("the learner exited (code %d) at step %d: see %s%n", learner.exitCode(),
              follower.lastStep(), learner.log());
          break;
        } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
          out.printf("no step for %d minutes: giving up on this run; see %s%n", STALL_LIMIT.toMinutes(),
              learner.log());
          break;
        }
      }
      return follower.steps();
    } finally {
      pipeline.stop(learner);
    }
  }
}
