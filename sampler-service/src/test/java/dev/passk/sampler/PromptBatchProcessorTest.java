package dev.passk.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.passk.policy.Policy;
import dev.passk.policy.Sequence;
import dev.passk.policy.SequenceLogprobs;
import dev.passk.schemas.Completion;
import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.kafka.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sampler's core without Kafka: every record ends as one rollout or one dead letter, rollouts
 * carry the log-probs of the policy version they are tagged with, and minPolicyVersion waits for a
 * swap (bounded).
 */
class PromptBatchProcessorTest {

  private static final int N = 3;

  private final ExecutorService workers = SamplingWorkers.start(2);
  private final RolloutSampling sampling = new RolloutSampling(
      new dev.passk.policy.SamplingSettings(1.0, 1.0, 6), 11, "test/1");

  @AfterEach
  void stopWorkers() {
    workers.shutdownNow();
  }

  @Test
  void samplesEveryGoodPromptInMicroBatchesAndDeadLettersEveryBadRecordWithItsCoordinates() throws Exception {
    List<SourceRecord> records = new ArrayList<>();
    List<Prompt> good = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Prompt p = prompt("run", "p-" + i, 0, (10 + i) + "+" + i + "=");
      good.add(p);
      records.add(record(records.size(), p));
    }
    byte[] poison = "not avro at all".getBytes(StandardCharsets.UTF_8);
    records.add(new SourceRecord("prompts", 3, 100, "k".getBytes(StandardCharsets.UTF_8), poison));
    records.add(record(records.size(), Prompt.newBuilder(good.get(0)).setPromptId("bad-task").setTask("nope").build()));
    records.add(record(records.size(), Prompt.newBuilder(good.get(0)).setPromptId("long").setText("1".repeat(80)).build()));
    records.add(record(records.size(), CheckpointLoaderTest.announcement("00", "", null)));

    try (Policy policy = Policy.tiny(1, Device.cpu());
        Policy reference = Policy.tiny(1, Device.cpu());
        PolicySlot slot = new PolicySlot(policy, PolicyIdentity.start(Optional.empty()))) {
      // a budget of two prompts (3 samples x (8 prompt tokens + 6 new) = 42 tokens each) per micro-batch
      PromptBatchProcessor.Outcome outcome = processor(slot, 90, Duration.ofSeconds(1)).process(records);

      assertEquals(good.stream().map(Prompt::getPromptId).toList(),
          outcome.rollouts().stream().map(r -> r.getPrompt().getPromptId()).toList());
      assertEquals(3, outcome.microBatchTimes().size(), "5 prompts, at most 2 per micro-batch");
      long tokens = 0;
      for (Rollout rollout : outcome.rollouts()) {
        assertEquals(0, rollout.getPolicyVersion());
        assertEquals("test/1", rollout.getSamplerId());
        assertEquals(N, rollout.getCompletions().size());
        for (int i = 0; i < N; i++) {
          assertEquals(i, rollout.getCompletions().get(i).getSampleIndex());
        }
        assertLogprobsOf(reference, rollout);
        tokens += rollout.getCompletions().stream().mapToLong(c -> c.getTokenIds().size()).sum();
      }
      assertEquals(tokens, outcome.sampledTokens());

      List<DeadLetter> dead = outcome.deadLetters();
      assertEquals(4, dead.size(), dead.toString());
      DeadLetter undecodable = dead.stream().filter(d -> d.getSourceOffset() == 100).findFirst().orElseThrow();
      assertEquals(3, undecodable.getSourcePartition());
      assertEquals("sampler", undecodable.getService());
      assertArrayEquals(poison, bytes(undecodable.getValue()));
      assertTrue(undecodable.getReason().startsWith("undecodable record"), undecodable.getReason());
      assertTrue(reasonAt(dead, 6).startsWith("unknown task 'nope'"));
      assertTrue(reasonAt(dead, 7).startsWith("oversized prompt: 81 tokens"), reasonAt(dead, 7));
      assertTrue(reasonAt(dead, 8).contains("PolicyVersion on a prompts topic"), reasonAt(dead, 8));
      assertArrayEquals(records.get(6).value(), bytes(dead.stream()
          .filter(d -> d.getSourceOffset() == 6).findFirst().orElseThrow().getValue()));
    }
  }

  @Test
  void aPromptNeedingANewerVersionWaitsForTheSwapAndIsTaggedWithTheVersionThatSampledIt() throws Exception {
    try (Policy reference = Policy.tiny(2, Device.cpu());
        Policy older = Policy.tiny(1, Device.cpu());
        PolicySlot slot = new PolicySlot(Policy.tiny(1, Device.cpu()), PolicyIdentity.start(Optional.empty()))) {
      Thread swapper = new Thread(() -> {
        try {
          Thread.sleep(200);
          slot.swap(Policy.tiny(2, Device.cpu()), PolicyIdentity.announced("run", 1, "bb"));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      swapper.start();
      PromptBatchProcessor.Outcome outcome = processor(slot, 10_000, Duration.ofSeconds(30)).process(List.of(
          record(0, prompt("run", "now", 0, "1+2=")), record(1, prompt("run", "later", 1, "3+4="))));
      swapper.join();

      assertEquals(List.of(), outcome.deadLetters());
      assertEquals(2, outcome.rollouts().size());
      Rollout now = outcome.rollouts().get(0);
      Rollout later = outcome.rollouts().get(1);
      assertEquals("now", now.getPrompt().getPromptId());
      assertEquals(0, now.getPolicyVersion(), "sampled before the swap by version 0");
      assertLogprobsOf(older, now);
      assertEquals(1, later.getPolicyVersion());
      assertLogprobsOf(reference, later);
    }
  }

  @Test
  void aPromptWhoseVersionNeverArrivesIsDeadLetteredAfterTheWait() throws Exception {
    try (PolicySlot slot = new PolicySlot(Policy.tiny(1, Device.cpu()), PolicyIdentity.start(Optional.empty()))) {
      long t0 = System.nanoTime();
      PromptBatchProcessor.Outcome outcome = processor(slot, 10_000, Duration.ofMillis(300))
          .process(List.of(record(0, prompt("run", "p", 4, "1+2="))));
      assertTrue(System.nanoTime() - t0 >= 300_000_000L);
      assertEquals(List.of(), outcome.rollouts());
      String reason = outcome.deadLetters().get(0).getReason();
      assertTrue(reason.startsWith("prompt needs policy version >= 4 of run run"), reason);
      assertTrue(reason.contains("serves version 0 of the start policy"), reason);
    }
  }

  private PromptBatchProcessor processor(PolicySlot slot, long batchTokens, Duration wait) {
    return new PromptBatchProcessor(slot, sampling, new PromptCheck(64, 1000), batchTokens, 0, wait, workers);
  }

  /** Each completion's per-token log-probs equal an independent re-scoring by the given policy. */
  private static void assertLogprobsOf(Policy policy, Rollout rollout) {
    long[] promptIds = policy.tokenizer().encodePrompt(rollout.getPrompt().getText().toString());
    for (Completion c : rollout.getCompletions()) {
      long[] ids = c.getTokenIds().stream().mapToLong(Integer::longValue).toArray();
      SequenceLogprobs scored = policy.logprobs(List.of(new Sequence(promptIds, ids))).get(0);
      double sum = 0;
      for (int t = 0; t < ids.length; t++) {
        assertEquals(scored.tokenLogprobs()[t], c.getTokenLogprobs().get(t), 1e-4, "token " + t);
        sum += c.getTokenLogprobs().get(t);
      }
      assertEquals(sum, c.getLogprob(), 1e-4);
    }
  }

  private static String reasonAt(List<DeadLetter> dead, long offset) {
    return dead.stream().filter(d -> d.getSourceOffset() == offset).findFirst().orElseThrow().getReason();
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  static Prompt prompt(String runId, String promptId, long minVersion, String text) {
    return Prompt.newBuilder(VersionRulesTest.prompt(runId, minVersion)).setPromptId(promptId).setText(text)
        .setSamples(N).build();
  }

  private static SourceRecord record(long offset, org.apache.avro.specific.SpecificRecord value) {
    return new SourceRecord("prompts", 0, offset, null, new AvroSerializer().serialize("prompts", value));
  }
}
