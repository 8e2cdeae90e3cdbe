package dev.passk.learner;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.policy.CheckpointArchive;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.PolicyVersion;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import dev.passk.service.KafkaTestResource;
import dev.passk.training.LearnerCheckpoint;
import dev.passk.training.LearnerProgress;
import dev.passk.training.PromptIds;
import dev.passk.training.TrainedPrompts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The learner on the real broker: it dispatches prompts, trains on the scored groups this test
 * writes in the verifier's place (refusing a duplicate and another run's group), publishes a metrics
 * record per step, a policy version per checkpoint (version 0 first), checkpoints its ledger, and
 * shows its numbers on the Prometheus endpoint.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(LearnerServiceTest.ThreeSteps.class)
class LearnerServiceTest {

  static final String RUN = "learner-test-" + System.nanoTime();
  static final Path STATE = Path.of(System.getProperty("java.io.tmpdir"), RUN);

  /** Three steps of two groups, a checkpoint and a version every step, an evaluation at step 2. */
  public static class ThreeSteps implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.ofEntries(Map.entry("passk.run.id", RUN), Map.entry("passk.run.state-dir", STATE.toString()),
          Map.entry("passk.run.task", "addition"), Map.entry("passk.run.steps", "3"),
          Map.entry("passk.run.batch-prompts", "2"), Map.entry("passk.run.samples", "3"),
          Map.entry("passk.run.k", "2"), Map.entry("passk.run.checkpoint-interval", "1"),
          Map.entry("passk.run.eval-interval", "2"), Map.entry("passk.run.eval-prompts", "2"),
          Map.entry("passk.run.eval-samples", "2"), Map.entry("passk.run.eval-ks", "1,2"),
          Map.entry("passk.run.eval-max-tokens", "4"), Map.entry("passk.run.redispatch-timeout", "1h"));
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private List<Prompt> prompts(int count) {
    List<Prompt> found = TopicProbe.await(bootstrap, Topic.PROMPTS.topicName(),
        (Prompt p) -> p.getRunId().equals(RUN), count, Duration.ofMinutes(2));
    assertEquals(count, found.size(), "prompts dispatched (bounded by 2 B in flight and by the run's end)");
    return found.stream().sorted(Comparator.comparingLong(p -> PromptIds.index(p.getPromptId()))).toList();
  }

  private void score(Prompt prompt) {
    TopicProbe.send(bootstrap, Topic.SCORED_ROLLOUTS.topicName(),
        Map.of(prompt.getPromptId(), Fixtures.scored(prompt, 0, 1, 0, 1)));
  }

  private List<LearnerMetrics> metrics(int count) {
    return TopicProbe.await(bootstrap, Topic.METRICS.topicName(), (LearnerMetrics m) -> m.getRunId().equals(RUN),
        count, Duration.ofMinutes(2));
  }

  @Test
  void trainsOnScoredGroupsOncePublishesMetricsAndVersionsAndCheckpointsItsLedger() throws Exception {
    List<Prompt> first = prompts(4);
    assertEquals(List.of(0L, 1L, 2L, 3L), first.stream().map(p -> PromptIds.index(p.getPromptId())).toList(),
        "max in flight defaults to 2 B");
    assertTrue(first.stream().allMatch(p -> p.getAttempt() == 0 && p.getSamples() == 3));
    score(first.get(0));
    score(first.get(1));
    assertEquals(1, metrics(1).size(), "step 1 published");

    ScoredRollout duplicate = Fixtures.scored(first.get(0), 0, 0, 0, 0);
    ScoredRollout foreign = Fixtures.scored(Fixtures.prompt("another-run", first.get(2).getPromptId(), 0), 0, 0, 0, 0);
    Map<String, ScoredRollout> second = new LinkedHashMap<>();
    second.put(first.get(0).getPromptId(), duplicate);
    TopicProbe.send(bootstrap, Topic.SCORED_ROLLOUTS.topicName(), second);
    TopicProbe.send(bootstrap, Topic.SCORED_ROLLOUTS.topicName(), Map.of("foreign", foreign));
    score(first.get(2));
    score(first.get(3));
    assertEquals(2, metrics(2).size(), "step 2 published");
    List<Prompt> all = prompts(6);
    score(all.get(4));
    score(all.get(5));

    List<LearnerMetrics> steps = metrics(3);
    assertEquals(List.of(1L, 2L, 3L), steps.stream().map(LearnerMetrics::getStep).toList());
    for (LearnerMetrics m : steps) {
      assertEquals(m.getStep() - 1, m.getPolicyVersion(), "a version is announced every step, after its metrics");
      assertEquals(List.of(2.0 / 3, 2.0 / 3), m.getSuccessRates(), "two groups of rewards 1, 0, 1 per step");
      assertEquals("pass1", m.getObjective());
      assertEquals(1, m.getK());
      assertEquals(2.0 / 3, m.getMeanReward(), 1e-12);
    }
    assertNull(steps.get(0).getEvaluation());
    assertNotNull(steps.get(1).getEvaluation(), "evaluation every 2 steps");
    assertEquals(Set.of("1", "2"), steps.get(1).getEvaluation().getPassAtK().keySet());

    List<PolicyVersion> versions = TopicProbe.await(bootstrap, Topic.POLICY_VERSIONS.topicName(),
        (PolicyVersion v) -> v.getRunId().equals(RUN), 4, Duration.ofMinutes(1));
    assertEquals(List.of(0L, 1L, 2L, 3L), versions.stream().map(PolicyVersion::getVersion).toList(),
        "version 0 (the starting policy) first, then one per checkpoint");
    for (PolicyVersion v : versions) {
      ByteBuffer inline = v.getInlineCheckpoint();
      byte[] zip = new byte[inline.remaining()];
      inline.get(zip);
      Path unpacked = Files.createTempDirectory(STATE.getParent(), "v" + v.getVersion());
      CheckpointArchive.unzip(zip, unpacked);
      CheckpointArchive.verify(unpacked, v.getSha256());
    }
    assertEquals(4, versions.stream().map(PolicyVersion::getSha256).distinct().count(), "every version has new weights");

    LearnerProgress progress = LearnerCheckpoint.latest(STATE.resolve(RUN).resolve("checkpoints")).orElseThrow().progress();
    assertEquals(3, progress.step());
    assertEquals(TrainedPrompts.of(all.stream().map(p -> PromptIds.index(p.getPromptId())).toList()), progress.trained(),
        "the six scored prompts are trained, each once");
    assertEquals(6, progress.nextPromptIndex(), "nothing dispatched beyond the run's 3 x 2 groups");
    assertEquals(Map.of(), progress.inFlight());

    String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(scrape.contains("passk_learner_step 3.0"), scrape);
    assertTrue(scrape.contains("passk_learner_policy_version 3.0"), scrape);
    assertTrue(scrape.contains("passk_learner_duplicates 1.0"), "the repeated group was refused");
    assertTrue(scrape.contains("passk_learner_trained 6.0"));
    assertTrue(scrape.contains("passk_learner_in_flight 0.0"));
    given().get("/q/health/live").then().statusCode(200);
  }
}
