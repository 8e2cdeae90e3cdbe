package dev.passk.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTest {

  private static final List<String> PROMPTS = List.of("12+34=", "7*8=", "s=+0.30?");
  private static Policy policy;

  @BeforeAll
  static void createPolicy() throws Exception {
    policy = Policy.tiny(3, Device.cpu());
  }

  @AfterAll
  static void closePolicy() {
    policy.close();
  }

  @Test
  void theTinyDefaultHasAbout100kParametersAndRoundTripsText() {
    assertTrue(policy.parameterCount() > 100_000 && policy.parameterCount() < 1_000_000,
        "parameters: " + policy.parameterCount());
    long[] ids = policy.tokenizer().encodePrompt("12+34=\n a");
    assertEquals(CharTokenizer.BOS_ID, ids[0]);
    assertEquals(10, ids.length);
    assertEquals("12+34=\n a", policy.tokenizer().decode(ids));
  }

  @Test
  void kvCacheSamplingDrawsTheSameTokensAsFullRecomputation() {
    SamplingSettings settings = new SamplingSettings(1.0, 0.95, 12);
    List<List<Completion>> cached = policy.sample(PROMPTS, 4, settings, 42);
    List<List<Completion>> naive = policy.sampleWithoutCache(PROMPTS, 4, settings, 42);
    for (int p = 0; p < PROMPTS.size(); p++) {
      for (int i = 0; i < 4; i++) {
        Completion a = cached.get(p).get(i);
        Completion b = naive.get(p).get(i);
        assertArrayEquals(a.tokenIds(), b.tokenIds());
        assertArrayEquals(a.tokenLogprobs(), b.tokenLogprobs(), 1e-5);
        assertEquals(a.finishReason(), b.finishReason());
      }
    }
  }

  @Test
  void sameSeedSameTokensOtherSeedOtherTokens() {
    SamplingSettings settings = new SamplingSettings(1.0, 1.0, 10);
    List<List<Completion>> first = policy.sample(PROMPTS, 3, settings, 9);
    List<List<Completion>> again = policy.sample(PROMPTS, 3, settings, 9);
    List<List<Completion>> other = policy.sample(PROMPTS, 3, settings, 10);
    boolean differs = false;
    for (int p = 0; p < PROMPTS.size(); p++) {
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(first.get(p).get(i).tokenIds(), again.get(p).get(i).tokenIds());
        differs |= !java.util.Arrays.equals(
            first.get(p).get(i).tokenIds(), other.get(p).get(i).tokenIds());
      }
    }
    assertTrue(differs);
  }

  @Test
  void samplingLogprobsEqualRecomputedLogprobs() {
    for (double temperature : new double[] {1.0, 0.7}) {
      SamplingSettings settings = new SamplingSettings(temperature, 1.0, 12);
      List<Sequence> sequences = new ArrayList<>();
      List<Completion> completions = new ArrayList<>();
      List<List<Completion>> sampled = policy.sample(PROMPTS, 5, settings, 7);
      for (int p = 0; p < PROMPTS.size(); p++) {
        for (Completion c : sampled.get(p)) {
          sequences.add(new Sequence(policy.tokenizer().encodePrompt(PROMPTS.get(p)), c.tokenIds()));
          completions.add(c);
        }
      }
      List<SequenceLogprobs> recomputed = policy.logprobs(sequences, temperature);
      for (int i = 0; i < completions.size(); i++) {
        assertArrayEquals(completions.get(i).tokenLogprobs(), recomputed.get(i).tokenLogprobs(),
            1e-5);
        assertEquals(completions.get(i).logprob(), recomputed.get(i).sum(), 1e-5);
      }
    }
  }

  @Test
  void greedyCompletionsStopAtEosOrLengthAndDecodeWithoutIt() {
    for (Completion c : policy.sample(PROMPTS, 1, SamplingSettings.greedy(5), 0).stream()
        .flatMap(List::stream).toList()) {
      boolean stopped = c.finishReason() == Completion.FinishReason.STOP;
      assertEquals(stopped, c.tokenIds()[c.tokenIds().length - 1] == CharTokenizer.EOS_ID);
      assertTrue(stopped || c.tokenIds().length == 5);
      assertEquals(c.tokenIds().length - (stopped ? 1 : 0), c.text().length());
    }
  }

  @Test
  void saveAndLoadRoundTripBitExactly(@TempDir Path dir) throws Exception {
    policy.save(dir);
    try (Policy loaded = Policy.load(dir, Device.cpu())) {
      assertEquals(policy.config(), loaded.config());
      Map<String, NDArray> before = policy.model().parameters();
      Map<String, NDArray> after = loaded.model().parameters();
      assertEquals(before.keySet(), after.keySet());
      before.forEach((name, array) ->
          assertArrayEquals(array.toByteArray(), after.get(name).toByteArray(), name));
      assertArrayEquals(Files.readAllBytes(dir.resolve(Policy.TOKENIZER)),
          loaded.tokenizer().json());
      loaded.save(dir.resolve("again"));
      assertArrayEquals(Files.readAllBytes(dir.resolve(Policy.WEIGHTS)),
          Files.readAllBytes(dir.resolve("again").resolve(Policy.WEIGHTS)));
    }
  }

  @Test
  void aQwen2StyleCheckpointWithBiasesAndUntiedHeadLoadsWithItsTokenizer(@TempDir Path dir)
      throws Exception {
    LlamaConfig qwen = new LlamaConfig(CharTokenizer.vocabulary().size(), 32, 48, 2, 4, 1, 8, 32,
        1e6, 1e-6, true, false, false, -1, List.of(CharTokenizer.EOS_ID, CharTokenizer.PAD_ID));
    try (Policy random = Policy.random(qwen, CharTokenizer.json(), 5, Device.cpu(),
        DataType.FLOAT32)) {
      random.save(dir);
      assertTrue(Files.readString(dir.resolve(Policy.CONFIG)).contains("\"qwen2\""));
      try (Policy loaded = Policy.load(dir, Device.cpu())) {
        assertEquals(qwen, loaded.config());
        assertTrue(loaded.parameterNames().contains("model.layers.1.self_attn.q_proj.bias"));
        assertTrue(loaded.parameterNames().contains("lm_head.weight"));
        Sequence s = loaded.encode("9+9=", "18");
        assertEquals(random.logprobs(List.of(s)).get(0).sum(),
            loaded.logprobs(List.of(s)).get(0).sum(), 0.0);
        SamplingSettings settings = new SamplingSettings(1, 1, 6);
        assertArrayEquals(random.sample(List.of("1+1="), 1, settings, 1).get(0).get(0).tokenIds(),
            loaded.sample(List.of("1+1="), 1, settings, 1).get(0).get(0).tokenIds());
      }
    }
  }

  @Test
  void aCheckpointMissingATensorOrFileFailsNamingIt(@TempDir Path dir) throws Exception {
    IllegalArgumentException noFiles = assertThrows(IllegalArgumentException.class,
        () -> Policy.load(dir, Device.cpu()));
    assertTrue(noFiles.getMessage().contains(Policy.CONFIG), noFiles.getMessage());
    policy.save(dir);
    String config = Files.readString(dir.resolve(Policy.CONFIG));
    Files.writeString(dir.resolve(Policy.CONFIG), config.replace("\"num_hidden_layers\" : 2",
        "\"num_hidden_layers\" : 3"));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Policy.load(dir, Device.cpu()));
    assertTrue(missing.getMessage().contains("model.layers.2."), missing.getMessage());
  }

  @Test
  void tooLongSequencesFailWithTheContextLength() {
    Sequence longOne = policy.encode("1".repeat(70), "2");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> policy.logprobs(List.of(longOne)));
    assertTrue(e.getMessage().contains("context is 64"), e.getMessage());
  }
}
