package dev.passk.verifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.passk.broker.TestKafka;
import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.VerificationStatus;
import dev.passk.service.KafkaTestResource;
import dev.passk.schemas.kafka.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service on a real broker: healthy, scores a rollout it consumes, and counts it in its metrics. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class VerifierServiceTest {

  @Test
  void readyWithMetrics() {
    given().when().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
    given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
  }

  @Test
  void scoresEveryCompletionOfARolloutWithThePromptsVerifier() {
    String runId = "verifier-test-" + System.nanoTime();
    Rollout rollout = rollout(runId, "p-1", "42", List.of("42", "41", " 42 "));
    TopicProbe.send(TestKafka.bootstrapServers(), "rollouts", Map.of("p-1", rollout));

    List<ScoredRollout> scored = TopicProbe.<ScoredRollout>await(TestKafka.bootstrapServers(),
        "scored-rollouts", s -> s.getRollout().getPrompt().getRunId().equals(runId), 1, Duration.ofSeconds(60));

    assertEquals(1, scored.size());
    assertEquals(rollout, scored.get(0).getRollout());
    assertEquals(List.of(1.0, 0.0, 1.0), scored.get(0).getScores().stream().map(s -> s.getReward()).toList());
    scored.get(0).getScores().forEach(s -> assertEquals(VerificationStatus.OK, s.getStatus()));
    given().when().get("/q/metrics").then().statusCode(200)
        .body(containsString("passk_verifier_verifications_total{status=\"ok\",verifier=\"numeric\"}"))
        .body(containsString("passk_verifier_latency_seconds_count{verifier=\"numeric\"}"))
        .body(containsString("passk_verifier_rollouts_total{outcome=\"scored\"}"))
        .body(containsString("passk_verifier_transactions_total{outcome=\"committed\"}"));
  }

  static Rollout rollout(String runId, String promptId, String answer, List<String> texts) {
    return rollout(runId, promptId, answer, texts, "numeric");
  }

  static Rollout rollout(String runId, String promptId, String answer, List<String> texts, String verifier) {
    Prompt prompt = Prompt.newBuilder().setRunId(runId).setPromptId(promptId).setTask("addition")
        .setText("40+2=").setReferenceAnswer(answer).setVerifier(verifier).setSamples(texts.size())
        .setPurpose(dev.passk.schemas.PromptPurpose.TRAIN).setDispatchedAtMillis(0).build();
    List<Completion> completions = new java.util.ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      completions.add(Completion.newBuilder().setSampleIndex(i).setText(texts.get(i)).setTokenIds(List.of())
          .setTokenLogprobs(List.of()).setLogprob(0).setFinishReason(FinishReason.STOP).build());
    }
    return Rollout.newBuilder().setPrompt(prompt).setPolicyVersion(0).setSamplerId("test")
        .setCompletions(completions).setSampledAtMillis(0).setSamplingMillis(0).build();
  }
}
