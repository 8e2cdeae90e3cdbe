package dev.passk.policy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A language-model policy: a Llama-family decoder with its tokenizer, loaded from or saved to a
 * checkpoint folder ({@code config.json}, {@code model.safetensors} with Hugging Face tensor names,
 * {@code tokenizer.json}).
 *
 * <p>Threads: {@link #sample} and {@link #logprobs} only read the weights and may run on several
 * threads at once; each switches grad mode off on its calling thread (grad mode is per thread in
 * PyTorch). A {@link PolicyTrainer} changes the weights in place, so the policy it trains must not
 * be sampled from concurrently (a sampler holds its own Policy and swaps checkpoints).
 */
public final class Policy implements AutoCloseable {

  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String TOKENIZER = "tokenizer.json";
  /** Sequences per forward pass when scoring completions. */
  private static final int SCORING_BATCH = 64;

  private final LlamaModel model;
  private final PolicyTokenizer tokenizer;
  private final Device device;

  private Policy(LlamaModel model, PolicyTokenizer tokenizer, Device device) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.device = device;
  }

  /** Loads a checkpoint folder onto {@code device} in float32. */
  public static Policy load(Path dir, Device device) throws IOException {
    return load(dir, device, DataType.FLOAT32);
  }

  /**
   * Loads a checkpoint folder; weights stored in another float type (e.g. bfloat16) are converted to
   * {@code dataType} (float32, or float64 for exact numerical checks).
   */
  public static Policy load(Path dir, Device device, DataType dataType) throws IOException {
    for (String file : List.of(CONFIG, WEIGHTS, TOKENIZER)) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new IllegalArgumentException("checkpoint folder " + dir + " lacks " + file
            + " (expected " + CONFIG + ", " + WEIGHTS + " and " + TOKENIZER + ")");
      }
    }
    LlamaConfig config = LlamaConfig.read(dir.resolve(CONFIG));
    PolicyTokenizer tokenizer = new PolicyTokenizer(Files.readAllBytes(dir.resolve(TOKENIZER)));
    NDManager manager = NDManager.newBaseManager(device);
    try (InputStream in = Files.newInputStream(dir.resolve(WEIGHTS))) {
      NDList arrays = NDList.decode(manager, in);
      return new Policy(LlamaModel.of(config, manager, arrays, dataType), tokenizer, device);
    } catch (RuntimeException | IOException e) {
      manager.close();
      tokenizer.close();
      throw e;
    }
  }

  /** A freshly initialised model (see {@link LlamaModel#random}) with the given tokenizer. */
  public static Policy random(
      LlamaConfig config, byte[] tokenizerJson, long seed, Device device, DataType dataType)
      throws IOException {
    NDManager manager = NDManager.newBaseManager(device);
    return new Policy(LlamaModel.random(config, manager, seed, dataType),
        new PolicyTokenizer(tokenizerJson), device);
  }

  /**
   * The embedded default's architecture: a character-level Llama with grouped-query attention,
   * about 105k parameters, so that a CPU warm-starts it on arithmetic in well under a minute.
   */
  public static LlamaConfig tinyConfig() {
    int vocabulary = CharTokenizer.vocabulary().size();
    return new LlamaConfig(vocabulary, 64, 192, 2, 4, 2, 16, 64, 10000.0, 1e-6, false, false,
        true, CharTokenizer.BOS_ID, List.of(CharTokenizer.EOS_ID));
  }

  /** A freshly initialised embedded default (float32) with its character tokenizer. */
  public static Policy tiny(long seed, Device device) throws IOException {
    return random(tinyConfig(), CharTokenizer.json(), seed, device, DataType.FLOAT32);
  }

  /** Writes the checkpoint folder (created if missing); reloading it gives identical weights. */
  public void save(Path dir) throws IOException {
    CheckpointArchive.write(checkpointFiles(), dir);
  }

  /**
   * The checkpoint folder's files ({@value #CONFIG}, {@value #TOKENIZER}, {@value #WEIGHTS}) as
   * they are now: copies that later updates of the weights do not change, so another thread may
   * write them while this policy trains on.
   */
  public Map<String, byte[]> checkpointFiles() throws IOException {
    NDList arrays = new NDList();
    model.parameters().forEach((name, array) -> {
      array.setName(name);
      arrays.add(array);
    });
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(CONFIG, model.config().json());
    files.put(TOKENIZER, tokenizer.json());
    files.put(WEIGHTS, SafetensorsBytes.of(arrays));
    return files;
  }

  /**
   * Samples {@code n} completions of every prompt.
   *
   * @return per prompt (in order) its {@code n} completions; the same seed gives the same tokens
   */
  public List<List<Completion>> sample(
      List<String> prompts, int n, SamplingSettings settings, long seed) {
    return sampleRows(prompts, n, settings, seed, true);
  }

  /** The same draw recomputing every prefix without a KV cache: the reference for tests and benchmarks. */
  List<List<Completion>> sampleWithoutCache(
      List<String> prompts, int n, SamplingSettings settings, long seed) {
    return sampleRows(prompts, n, settings, seed, false);
  }

  private List<List<Completion>> sampleRows(
      List<String> prompts, int n, SamplingSettings settings, long seed, boolean useCache) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    JniUtils.setGradMode(false);
    List<long[]> rows = new ArrayList<>();
    for (String prompt : prompts) {
      long[] ids = tokenizer.encodePrompt(prompt);
      for (int i = 0; i < n; i++) {
        rows.add(ids);
      }
    }
    List<Completion> flat = rows.isEmpty() ? List.of()
        : new Sampler(model, tokenizer).sample(rows, settings, seed, model.manager(), useCache);
    List<List<Completion>> grouped = new ArrayList<>();
    for (int p = 0; p < prompts.size(); p++) {
      grouped.add(List.copyOf(flat.subList(p * n, (p + 1) * n)));
    }
    return grouped;
  }

  /** Log-probs of each sequence's completion at temperature 1. */
  public List<SequenceLogprobs> logprobs(List<Sequence> sequences) {
    return logprobs(sequences, 1);
  }

  /** Log-probs of each sequence's completion under softmax(logits / temperature). */
  public List<SequenceLogprobs> logprobs(List<Sequence> sequences, double temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    JniUtils.setGradMode(false);
    List<SequenceLogprobs> results = new ArrayList<>(sequences.size());
    for (int from = 0; from < sequences.size(); from += SCORING_BATCH) {
      SequenceBatch batch = new SequenceBatch(
          sequences.subList(from, Math.min(sequences.size(), from + SCORING_BATCH)),
          model.config().maxPositions());
      try (NDManager step = model.manager().newSubManager()) {
        NDArray tokenLogprobs = batch.tokenLogprobs(model, step, temperature);
        results.addAll(
            batch.split(tokenLogprobs.toType(DataType.FLOAT64, false).toDoubleArray()));
      }
    }
    return results;
  }

  /**
   * Factors of the per-sequence head gradients grad_W log pi(y | x) at temperature 1 (see {@link
   * HeadGradients}), from forward passes without a graph; the weights are unchanged.
   *
   * @param out the manager the factors live in (the caller closes it)
   */
  public HeadGradients headGradients(List<Sequence> sequences, NDManager out) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("head gradients need at least one sequence");
    }
    JniUtils.setGradMode(false);
    List<HeadGradients> parts = new ArrayList<>();
    for (int from = 0; from < sequences.size(); from += SCORING_BATCH) {
      SequenceBatch batch = new SequenceBatch(
          sequences.subList(from, Math.min(sequences.size(), from + SCORING_BATCH)),
          model.config().maxPositions());
      try (NDManager step = model.manager().newSubManager()) {
        parts.add(HeadGradients.of(batch, batch.forward(model, step), out));
      }
    }
    return HeadGradients.concat(parts, out);
  }

  /** A copy of parameter {@code name} (a Hugging Face name), attached to {@code out}. */
  public NDArray parameter(String name, NDManager out) {
    NDArray parameter = model.parameters().get(name);
    if (parameter == null) {
      throw new IllegalArgumentException("no parameter '" + name + "'; names: " + parameterNames());
    }
    NDArray copy = parameter.duplicate();
    copy.attach(out);
    return copy;
  }

  /**
   * The sequence a finished answer makes: the prompt's ids, then the completion's ids followed by
   * the end-of-sequence token (as a sampled completion with finish reason STOP ends).
   */
  public Sequence encode(String prompt, String completion) {
    long[] body = tokenizer.encodeCompletion(completion);
    long[] withEos = java.util.Arrays.copyOf(body, body.length + 1);
    withEos[body.length] = model.config().eosTokenId();
    return new Sequence(tokenizer.encodePrompt(prompt), withEos);
  }

  public LlamaConfig config() {
    return model.config();
  }

  public PolicyTokenizer tokenizer() {
    return tokenizer;
  }

  public Device device() {
    return device;
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    return model.parameters().values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /** The Hugging Face names of the parameters, in checkpoint order. */
  public List<String> parameterNames() {
    return List.copyOf(model.parameters().keySet());
  }

  /** The prefix naming the last decoder layer's parameters, e.g. {@code model.layers.1.}. */
  public String lastLayerPrefix() {
    return "model.layers." + (model.config().numLayers() - 1) + ".";
  }

  /** The output head's parameter name (the embedding when the head is tied). */
  public String headParameterName() {
    return model.headParameterName();
  }

  LlamaModel model() {
    return model;
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
  }
}
