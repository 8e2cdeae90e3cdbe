package dev.passk.schemas.kafka;

import dev.passk.schemas.Completion;
import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.Evaluation;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.InterferenceMetrics;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.PolicyVersion;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.Score;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.VerificationStatus;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated record of every topic type, optional parts filled in. */
final class SampleRecords {

  private SampleRecords() {}

  static Prompt prompt() {
    return Prompt.newBuilder().setRunId("run-1").setPromptId("p-7").setAttempt(1).setTask("interference")
        .setText("s=+0.35 ->").setReferenceAnswer("A").setVerifier("exact-match").setSamples(8)
        .setMinPolicyVersion(3).setPurpose(PromptPurpose.EVAL).setDispatchedAtMillis(1_700_000_000_000L)
        .setMetadata(Map.of("label", "hard")).build();
  }

  static Completion completion(int index) {
    return Completion.newBuilder().setSampleIndex(index).setText("A" + index)
        .setTokenIds(List.of(5, 9, 2)).setTokenLogprobs(List.of(-0.25f, -1.5f, -0.125f))
        .setLogprob(-1.875).setFinishReason(index % 2 == 0 ? FinishReason.STOP : FinishReason.LENGTH).build();
  }

  static Rollout rollout() {
    return Rollout.newBuilder().setPrompt(prompt()).setPolicyVersion(4).setSamplerId("host-1/42")
        .setCompletions(List.of(completion(0), completion(1))).setSampledAtMillis(1_700_000_000_500L)
        .setSamplingMillis(37).build();
  }

  static ScoredRollout scoredRollout() {
    return ScoredRollout.newBuilder().setRollout(rollout())
        .setScores(List.of(
            Score.newBuilder().setSampleIndex(0).setReward(1.0).setStatus(VerificationStatus.OK)
                .setDetail("matched").setVerifyMillis(0.02).build(),
            Score.newBuilder().setSampleIndex(1).setReward(0.0).setStatus(VerificationStatus.TIMEOUT)
                .setDetail("over 2000 ms").setVerifyMillis(2000.0).build()))
        .setVerifierId("host-2/43").setScoredAtMillis(1_700_000_000_900L).build();
  }

  static PolicyVersion policyVersion() {
    return PolicyVersion.newBuilder().setRunId("run-1").setVersion(5).setCheckpointUri("file:/tmp/ckpt/5")
        .setSha256("ab".repeat(32)).setInlineCheckpoint(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setCreatedAtMillis(1_700_000_001_000L).build();
  }

  static LearnerMetrics learnerMetrics() {
    InterferenceMetrics interference = InterferenceMetrics.newBuilder()
        .setWeights(List.of(8.0, 0.01)).setAgreements(List.of(-0.5, 0.25)).setLabels(List.of("hard", "easy"))
        .setNegativeShare(0.5).setNegativeMass(0.99).setInnerKOne(-0.1).setCosine(-0.6)
        .setKCurve(List.of(0.2, 0.05, -0.1)).setKStar(3).setPredictedPass1Change(-0.002).build();
    Evaluation evaluation = Evaluation.newBuilder().setPrompts(64).setSamplesPerPrompt(16).setPass1(0.7)
        .setPassAtK(new java.util.TreeMap<>(Map.of("1", 0.7, "8", 0.93))).setMeasuredPass1Change(-0.01).setPredictedPass1Change(-0.008)
        .build();
    return LearnerMetrics.newBuilder().setRunId("run-1").setStep(12).setPolicyVersion(12).setObjective("passk")
        .setEstimator("pkpo").setK(8).setTimestampMillis(1_700_000_002_000L).setLoss(0.31).setMeanReward(0.62)
        .setSuccessRates(List.of(0.125, 0.875)).setBatchPass1(0.5).setBatchPassK(0.9).setMeanStaleness(0.5)
        .setDroppedStale(2).setSamplesPerSecond(850.0).setGradNorm(1.7).setInterference(interference)
        .setEvaluation(evaluation).build();
  }

  static DeadLetter deadLetter() {
    return DeadLetter.newBuilder().setService("verifier").setSourceTopic("rollouts").setSourcePartition(3)
        .setSourceOffset(99).setKey(ByteBuffer.wrap(new byte[] {7})).setValue(ByteBuffer.wrap(new byte[] {0, 1}))
        .setReason("unknown verifier 'nope'; valid: exact-match, math-answer").setErrorClass("java.lang.IllegalArgumentException")
        .setFailedAtMillis(1_700_000_003_000L).build();
  }

  /** One of every top-level type, in the order of {@link TopicRecordTypes#CURRENT}. */
  static List<SpecificRecord> all() {
    return List.of(prompt(), rollout(), scoredRollout(), policyVersion(), learnerMetrics(), deadLetter());
  }
}
