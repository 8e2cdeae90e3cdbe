package dev.passk.it.badinput;

import dev.passk.it.badinput.Expectation.DeadLettered;
import dev.passk.it.badinput.Expectation.Kept;
import dev.passk.it.badinput.Expectation.RefusedAsStray;
import dev.passk.it.badinput.Expectation.RefusedByBroker;
import dev.passk.it.badinput.Expectation.RefusedCheckpoint;
import dev.passk.it.badinput.Expectation.TimedOut;
import dev.passk.schemas.Completion;
import dev.passk.schemas.FinishReason;
import dev.passk.schemas.PolicyVersion;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.PromptPurpose;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.Score;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.VerificationStatus;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.schemas.kafka.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * The bad inputs of {@code BadInputIT}, topic by topic. Records that look like a run's work carry
 * the run's id, so that what reaches the learner is judged as the run's (and refused), never
 * ignored as another run's.
 */
public final class BadInputs {

  /** Longest prompt text the sampler takes by default (passk.sampler.max-prompt-chars). */
  static final int SAMPLER_MAX_PROMPT_CHARS = 8192;
  /** Most samples the sampler takes per prompt by default (passk.sampler.max-samples). */
  static final int SAMPLER_MAX_SAMPLES = 1024;
  /** A value this long fits a topic's record limit, with little room to spare for framing. */
  static final int AT_THE_LIMIT = Topic.Limits.RECORD - 256;
  /** Version of the announcement with a wrong hash: newer than any the run reaches. */
  private static final long FAR_AHEAD = 1_000_000;
  private static final String NOT_AVRO = "is not Avro single-object encoded";
  private static final String UNKNOWN_VERIFIER = "no-such-verifier";

  private final String runId;
  private final AvroSerializer avro = new AvroSerializer();

  private BadInputs(String runId) {
    this.runId = runId;
  }

  /**
   * Every bad input, in the order to send them: first those that reach the learner (which counts
   * them only while its run lasts), the refused checkpoint last (the sampler's health reports the
   * latest refusal).
   *
   * @param announced a policy announcement of the run, copied with a wrong hash and a newer version
   * @param hangingVerifier a verifier the verifier-service has whose calls never answer
   * @param hangBound the time limit the verifier-service puts on {@code hangingVerifier}, in seconds
   */
  public static List<BadInput> all(String runId, PolicyVersion announced, String hangingVerifier, long hangBound) {
    BadInputs b = new BadInputs(runId);
    List<BadInput> all = new ArrayList<>();
    all.addAll(b.rollouts(hangingVerifier, hangBound));
    all.addAll(b.scoredRollouts());
    all.addAll(b.prompts());
    all.addAll(b.policyVersions(announced));
    all.sort(Comparator.comparing(input -> !input.reachesLearnerAsStray())); // stable: the rest keep their order
    return all;
  }

  private List<BadInput> prompts() {
    Topic topic = Topic.PROMPTS;
    Topic dead = Topic.DEAD_LETTER_SAMPLER;
    return List.of(
        new BadInput("poison bytes (not Avro)", topic, "bad-prompts-poison", poison(64),
            new DeadLettered(dead, NOT_AVRO, Kept.SENT_VALUE)),
        new BadInput("Avro of a schema no passk build knows", topic, "bad-prompts-foreign-schema", foreignSchema(),
            new DeadLettered(dead, "Unknown Avro writer schema fingerprint", Kept.SENT_VALUE)),
        new BadInput("another passk record (a Rollout)", topic, "bad-prompts-rollout",
            serialize(rollout("bad-prompts-rollout", "math-answer", List.of("2"))),
            new DeadLettered(dead, "a dev.passk.schemas.Rollout on a prompts topic; expected a Prompt", Kept.SENT_VALUE)),
        new BadInput("prompt text of 100 000 chars (limit " + SAMPLER_MAX_PROMPT_CHARS + ")", topic,
            "bad-prompts-long-text", serialize(prompt("bad-prompts-long-text", "addition", "1".repeat(100_000),
                "math-answer", 2)),
            new DeadLettered(dead, "oversized prompt: text of 100000 characters", Kept.SENT_VALUE)),
        new BadInput("prompt asking 100 000 samples (limit " + SAMPLER_MAX_SAMPLES + ")", topic, "bad-prompts-samples",
            serialize(prompt("bad-prompts-samples", "addition", "1+1=", "math-answer", 100_000)),
            new DeadLettered(dead, "oversized prompt: 100000 samples asked", Kept.SENT_VALUE)),
        new BadInput("prompt naming an unknown task", topic, "bad-prompts-unknown-task",
            serialize(prompt("bad-prompts-unknown-task", "no-such-task", "1+1=", "math-answer", 2)),
            new DeadLettered(dead, "unknown task 'no-such-task'", Kept.SENT_VALUE)),
        new BadInput("prompt naming an unknown verifier", topic, "bad-prompts-unknown-verifier",
            serialize(prompt("bad-prompts-unknown-verifier", "addition", "1+1=", UNKNOWN_VERIFIER, 2)),
            new DeadLettered(Topic.DEAD_LETTER_VERIFIER, "unknown verifier '" + UNKNOWN_VERIFIER + "'",
                Kept.DERIVED_RECORD)),
        new BadInput("poison at the topic's size limit (8 MiB - 256 B)", topic, "bad-prompts-at-limit",
            poison(AT_THE_LIMIT), new DeadLettered(dead, NOT_AVRO, Kept.SENT_VALUE)),
        new BadInput("record over the topic's 8 MiB limit", topic, "bad-prompts-over-limit",
            poison(Topic.Limits.RECORD + (1 << 20)), new RefusedByBroker(RecordTooLargeException.class)));
  }

  private List<BadInput> rollouts(String hangingVerifier, long hangBound) {
    Topic topic = Topic.ROLLOUTS;
    Topic dead = Topic.DEAD_LETTER_VERIFIER;
    return List.of(
        new BadInput("poison bytes (not Avro)", topic, "bad-rollouts-poison", poison(64),
            new DeadLettered(dead, NOT_AVRO, Kept.SENT_VALUE)),
        new BadInput("another passk record (a ScoredRollout)", topic, "bad-rollouts-scored",
            serialize(scored(rollout("bad-rollouts-scored", "math-answer", List.of("2")), 1)),
            new DeadLettered(dead, "the value is a dev.passk.schemas.ScoredRollout, not a dev.passk.schemas.Rollout",
                Kept.SENT_VALUE)),
        new BadInput("rollout naming an unknown verifier", topic, "bad-rollouts-unknown-verifier",
            serialize(rollout("bad-rollouts-unknown-verifier", UNKNOWN_VERIFIER, List.of("2"))),
            new DeadLettered(dead, "unknown verifier '" + UNKNOWN_VERIFIER + "'", Kept.SENT_VALUE)),
        new BadInput("verifier that hangs (http, server never answers)", topic, "bad-rollouts-hang-http",
            serialize(rollout("bad-rollouts-hang-http", hangingVerifier, List.of("2", "3"))),
            // At the time limit the call is interrupted and answered TIMEOUT: by the time limit's message,
            // or by the http verifier's own, whichever comes first.
            new TimedOut(List.of("verifier '" + hangingVerifier + "' exceeded its time limit of " + hangBound * 1000
                + " ms", "interrupted while waiting for http://"), hangBound + 12)),
        new BadInput("verifier that hangs (program sleeping forever)", topic, "bad-rollouts-hang-program",
            serialize(rollout("bad-rollouts-hang-program", "program", "[{\"input\": \"\", \"output\": \"done\"}]",
                List.of("import time\ntime.sleep(3600)\nprint('done')\n"))),
            new TimedOut(List.of("wall-clock limit 2000 ms exceeded"), 2 + 12)),
        new BadInput("poison at the topic's size limit (8 MiB - 256 B)", topic, "bad-rollouts-at-limit",
            poison(AT_THE_LIMIT), new DeadLettered(dead, NOT_AVRO, Kept.NO_VALUE)));
  }

  private List<BadInput> scoredRollouts() {
    Topic topic = Topic.SCORED_ROLLOUTS;
    Topic dead = Topic.DEAD_LETTER_LEARNER;
    return List.of(
        new BadInput("poison bytes (not Avro)", topic, "bad-scored-poison", poison(64),
            new DeadLettered(dead, NOT_AVRO, Kept.SENT_VALUE)),
        new BadInput("another passk record (a Rollout)", topic, "bad-scored-rollout",
            serialize(rollout("bad-scored-rollout", "math-answer", List.of("2"))),
            new DeadLettered(dead, "expected a ScoredRollout, got Rollout", Kept.SENT_VALUE)),
        new BadInput("scored group with fewer scores than completions", topic, "bad-scored-mismatch",
            serialize(scored(rollout("bad-scored-mismatch", "math-answer", List.of("2", "3")), 1)),
            new DeadLettered(dead, "has 2 completions but 1 scores", Kept.SENT_VALUE)),
        new BadInput("scored group of a prompt never dispatched", topic, "bad-scored-stray",
            serialize(scored(rollout("bad-scored-stray", "math-answer", List.of("2", "3")), 2)),
            new RefusedAsStray()),
        new BadInput("poison at the topic's size limit (8 MiB - 256 B)", topic, "bad-scored-at-limit",
            poison(AT_THE_LIMIT), new DeadLettered(dead, NOT_AVRO, Kept.NO_VALUE)));
  }

  /** The refused checkpoint goes last: the sampler's health reports the latest refusal. */
  private List<BadInput> policyVersions(PolicyVersion announced) {
    Topic topic = Topic.POLICY_VERSIONS;
    Topic dead = Topic.DEAD_LETTER_SAMPLER;
    String wrongHash = "0".repeat(64);
    // Far ahead of the run's versions, so the sampler still takes it for new when it arrives.
    PolicyVersion wrong = PolicyVersion.newBuilder(announced).setVersion(FAR_AHEAD).setSha256(wrongHash).build();
    return List.of(
        new BadInput("poison bytes (not Avro)", topic, "bad-policy-poison", poison(64),
            new DeadLettered(dead, "undecodable policy announcement", Kept.SENT_VALUE)),
        new BadInput("another passk record (a Prompt)", topic, "bad-policy-prompt",
            serialize(prompt("bad-policy-prompt", "addition", "1+1=", "math-answer", 2)),
            new DeadLettered(dead, "a dev.passk.schemas.Prompt on policy-versions; expected a PolicyVersion",
                Kept.SENT_VALUE)),
        new BadInput("checkpoint announced with a wrong sha256 (version " + FAR_AHEAD + ")", topic, "bad-policy-wrong-sha",
            serialize(wrong), new RefusedCheckpoint("but its announcement says " + wrongHash)));
  }

  /** Bytes no passk record starts with (not the Avro single-object marker C3 01). */
  private static byte[] poison(int length) {
    byte[] bytes = new byte[length];
    byte[] text = "poison: not a passk record ".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < length; i++) {
      bytes[i] = text[i % text.length];
    }
    return bytes;
  }

  /** Avro single-object encoding of a record whose schema was never released by passk. */
  private static byte[] foreignSchema() {
    Schema alien = SchemaBuilder.record("Alien").namespace("org.example").fields().requiredString("x").endRecord();
    GenericRecord record = new GenericData.Record(alien);
    record.put("x", "from another system");
    try {
      ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), alien).encode(record);
      return Arrays.copyOfRange(encoded.array(), encoded.arrayOffset() + encoded.position(),
          encoded.arrayOffset() + encoded.limit());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] serialize(SpecificRecord record) {
    return avro.serialize("bad-input", record);
  }

  private Prompt prompt(String promptId, String task, String text, String verifier, int samples) {
    return prompt(promptId, task, text, "2", verifier, samples);
  }

  private Prompt prompt(String promptId, String task, String text, String answer, String verifier, int samples) {
    return Prompt.newBuilder().setRunId(runId).setPromptId(promptId).setTask(task).setText(text)
        .setReferenceAnswer(answer).setVerifier(verifier).setSamples(samples).setPurpose(PromptPurpose.TRAIN)
        .setDispatchedAtMillis(System.currentTimeMillis()).build();
  }

  private Rollout rollout(String promptId, String verifier, List<String> completions) {
    return rollout(promptId, verifier, "2", completions);
  }

  private Rollout rollout(String promptId, String verifier, String answer, List<String> completions) {
    // One token each: the learner refuses a completion without token ids as malformed.
    List<Completion> drawn = IntStream.range(0, completions.size()).mapToObj(i -> Completion.newBuilder()
        .setSampleIndex(i).setText(completions.get(i)).setTokenIds(List.of(5)).setTokenLogprobs(List.of(-1.0f))
        .setLogprob(-1.0).setFinishReason(FinishReason.STOP).build()).toList();
    return Rollout.newBuilder()
        .setPrompt(prompt(promptId, "addition", "1+1=", answer, verifier, completions.size()))
        .setPolicyVersion(0).setSamplerId("bad-input-it").setCompletions(drawn)
        .setSampledAtMillis(System.currentTimeMillis()).setSamplingMillis(1).build();
  }

  /** The rollout with OK scores (reward 1) for its first {@code scores} completions. */
  private static ScoredRollout scored(Rollout rollout, int scores) {
    List<Score> given = IntStream.range(0, scores).mapToObj(i -> Score.newBuilder().setSampleIndex(i)
        .setReward(1.0).setStatus(VerificationStatus.OK).setDetail("forged").build()).toList();
    return ScoredRollout.newBuilder().setRollout(rollout).setScores(given).setVerifierId("bad-input-it")
        .setScoredAtMillis(System.currentTimeMillis()).build();
  }
}
