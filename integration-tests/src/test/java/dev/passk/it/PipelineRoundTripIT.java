package dev.passk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.cli.PasskHome;
import dev.passk.cli.pipeline.LocalPipeline;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged services, each in its own JVM, on the broker in its own JVM: one prompt makes the
 * whole round trip learner -> sampler -> verifier -> learner, and everything stops cleanly.
 */
class PipelineRoundTripIT {

  @TempDir Path workDir;

  @Test
  void onePromptTravelsThroughAllThreeServicesAndEverythingStopsCleanly() throws Exception {
    String runId = "it-" + System.nanoTime();
    LocalPipeline.Options options = new LocalPipeline.Options(PasskHome.root(), workDir, Optional.empty(),
        PasskHome.root().resolve("target/djl-cache"),
        Map.of("PASSK_RUN_ID", runId, "PASSK_RUN_PROMPTS", "1", "PASSK_RUN_SAMPLES", "3",
            "PASSK_RUN_TASK", "addition"));
    List<ServiceProcess> services;
    long t0 = System.nanoTime();
    try (LocalPipeline pipeline = LocalPipeline.start(options, new PrintStream(System.out, true))) {
      services = pipeline.services();
      List<ScoredRollout> scored = TopicProbe.await(pipeline.bootstrapServers(), Topic.SCORED_ROLLOUTS.topicName(),
          (ScoredRollout s) -> s.getRollout().getPrompt().getRunId().equals(runId), 1, Duration.ofMinutes(3));
      List<LearnerMetrics> metrics = TopicProbe.await(pipeline.bootstrapServers(), Topic.METRICS.topicName(),
          (LearnerMetrics m) -> m.getRunId().equals(runId), 1, Duration.ofMinutes(1));
      System.out.printf("one-prompt round trip through three services: %.1f s from cold start%n",
          (System.nanoTime() - t0) / 1e9);

      assertEquals(1, scored.size(), "the prompt was sampled and scored");
      ScoredRollout group = scored.get(0);
      assertEquals(3, group.getRollout().getCompletions().size(), "n completions sampled");
      assertEquals(3, group.getScores().size(), "one score per completion");
      assertEquals("numeric", group.getRollout().getPrompt().getVerifier());
      assertEquals(1, metrics.size(), "the learner counted the group and published its metrics");
      assertEquals(group.getRollout().getPolicyVersion(), metrics.get(0).getPolicyVersion());
    }
    for (ServiceProcess service : services) {
      assertFalse(service.isAlive(), service.name() + " stopped");
      // A JVM stopped by SIGTERM exits with 128 + 15 after its shutdown hooks ran.
      assertTrue(service.exitCode() == 0 || service.exitCode() == 143,
          service.name() + " exit code " + service.exitCode());
      assertTrue(Files.readString(service.log()).contains("stopped in"),
          service.name() + " logged a graceful Quarkus stop");
    }
  }
}
