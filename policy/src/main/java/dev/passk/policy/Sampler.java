package dev.passk.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.passk.policy.Completion.FinishReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Batched autoregressive sampling. Prompts are left-padded so every row's next token sits in the
 * last column; pad keys are masked and rotary positions start at each row's first real token, so
 * a row's logits do not depend on its neighbours. Each row draws from its own generator, split in
 * row order from the call's seed. With a KV cache each step feeds only the new token; without one
 * (the reference) each step recomputes the whole prefix.
 */
final class Sampler {

  private static final NDIndex LAST_COLUMN = new NDIndex(":, -1, :");
  /** Read-only once published; callers never write to it. */
  private static volatile int[] everyToken = new int[0];

  private final LlamaModel model;
  private final PolicyTokenizer tokenizer;

  Sampler(LlamaModel model, PolicyTokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  List<Completion> sample(
      List<long[]> prompts, SamplingSettings settings, long seed, NDManager parent,
      boolean useCache) {
    int rows = prompts.size();
    int promptWidth = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
    int maxPositions = model.config().maxPositions();
    if (promptWidth >= maxPositions) {
      throw new IllegalArgumentException("cannot sample after a prompt of " + promptWidth
          + " tokens, the model's context is " + maxPositions);
    }
    int steps = Math.min(settings.maxNewTokens(), maxPositions - promptWidth);
    Set<Long> stops = new HashSet<>(model.config().eosTokenIds());
    stops.addAll(settings.extraStopTokens());
    int[] pad = new int[rows];
    long[][] tokens = new long[rows][promptWidth + steps];
    for (int r = 0; r < rows; r++) {
      pad[r] = promptWidth - prompts.get(r).length;
      Arrays.fill(tokens[r], model.config().eosTokenId());
      System.arraycopy(prompts.get(r), 0, tokens[r], pad[r], prompts.get(r).length);
    }
    SplittableRandom master = new SplittableRandom(seed);
    SplittableRandom[] random = new SplittableRandom[rows];
    for (int r = 0; r < rows; r++) {
      random[r] = master.split();
    }
    List<List<Long>> ids = new ArrayList<>();
    List<List<Double>> logprobs = new ArrayList<>();
    FinishReason[] finished = new FinishReason[rows];
    for (int r = 0; r < rows; r++) {
      ids.add(new ArrayList<>());
      logprobs.add(new ArrayList<>());
    }
    try (NDManager call = parent.newSubManager()) {
      KvCache cache = useCache ? new KvCache(call, model.config().numLayers()) : null;
      int remaining = rows;
      for (int step = 0; step < steps && remaining > 0; step++) {
        int end = promptWidth + step; // tokens 0..end-1 are known
        int start = useCache && step > 0 ? end - 1 : 0; // columns fed this step
        double[] logp;
        try (NDManager stepManager = call.newSubManager()) {
          NDArray hidden = model.hidden(
              ids(stepManager, tokens, start, end),
              positions(stepManager, pad, start, end),
              mask(stepManager, pad, start, end),
              cache); // (R, end - start, d)
          NDArray last = model.head(hidden.get(LAST_COLUMN)); // (R, V)
          if (settings.temperature() > 0 && settings.temperature() != 1) {
            last = last.mul(LlamaModel.scalar(last, 1 / settings.temperature()));
          }
          logp = onHost(last.logSoftmax(-1));
        }
        int vocab = logp.length / rows;
        for (int r = 0; r < rows; r++) {
          if (finished[r] != null) {
            continue;
          }
          int token = choose(logp, r * vocab, vocab, settings, random[r]);
          tokens[r][end] = token;
          ids.get(r).add((long) token);
          logprobs.get(r).add(logp[r * vocab + token]);
          if (stops.contains((long) token)) {
            finished[r] = FinishReason.STOP;
          } else if (step == steps - 1) {
            finished[r] = FinishReason.LENGTH;
          }
          remaining -= finished[r] == null ? 0 : 1;
        }
      }
    }
    List<Completion> completions = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      long[] sampled = ids.get(r).stream().mapToLong(Long::longValue).toArray();
      double[] tokenLogprobs = logprobs.get(r).stream().mapToDouble(Double::doubleValue).toArray();
      long[] textIds = finished[r] == FinishReason.STOP
          ? Arrays.copyOf(sampled, sampled.length - 1) : sampled;
      completions.add(new Completion(sampled, tokenizer.decode(textIds), tokenLogprobs,
          Arrays.stream(tokenLogprobs).sum(), finished[r]));
    }
    return completions;
  }

  /**
   * A float tensor's values as doubles, read through a view of its native memory: DJL's {@code
   * toDoubleArray} after a cast copies into a heap buffer and then element by element, several
   * times slower at (R, V).
   */
  private static double[] onHost(NDArray values) {
    double[] host = new double[Math.toIntExact(values.size())];
    if (values.getDataType() == DataType.FLOAT64) {
      values.toByteBuffer(true).asDoubleBuffer().get(host);
      return host;
    }
    float[] floats = new float[host.length];
    values.toType(DataType.FLOAT32, false).toByteBuffer(true).asFloatBuffer().get(floats);
    for (int i = 0; i < host.length; i++) {
      host[i] = floats[i];
    }
    return host;
  }

  /**
   * Draws a token from row {@code r}'s log-probs: argmax when greedy, else inverse-CDF sampling
   * from the top-p nucleus (Holtzman et al. 2020) renormalised.
   */
  static int choose(
      double[] logp, int offset, int vocab, SamplingSettings settings, SplittableRandom random) {
    if (settings.temperature() == 0) {
      int best = 0;
      for (int i = 1; i < vocab; i++) {
        best = logp[offset + i] > logp[offset + best] ? i : best;
      }
      return best;
    }
    int[] order = nucleus(logp, offset, vocab, settings.topP());
    double[] mass = new double[order.length];
    double total = 0;
    for (int i = 0; i < order.length; i++) {
      mass[i] = Math.exp(logp[offset + order[i]]);
      total += mass[i];
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < order.length - 1; i++) {
      u -= mass[i];
      if (u < 0) {
        return order[i];
      }
    }
    return order[order.length - 1];
  }

  /** The tokens of the top-p nucleus, most likely first; every token, in id order, when p = 1. */
  private static int[] nucleus(double[] logp, int offset, int vocab, double topP) {
    if (topP >= 1) {
      return everyToken(vocab);
    }
    int[] order = IntStream.range(0, vocab).boxed()
        .sorted((a, b) -> Double.compare(logp[offset + b], logp[offset + a]))
        .mapToInt(Integer::intValue).toArray();
    double mass = 0;
    int kept = 0;
    while (kept < vocab && mass < topP) {
      mass += Math.exp(logp[offset + order[kept++]]);
    }
    return Arrays.copyOf(order, kept);
  }

  /** 0..vocab-1, made once per vocabulary size (a stream per row and token showed in profiles). */
  private static int[] everyToken(int vocab) {
    int[] tokens = everyToken;
    if (tokens.length != vocab) {
      tokens = IntStream.range(0, vocab).toArray();
      everyToken = tokens;
    }
    return tokens;
  }

  private static NDArray ids(NDManager manager, long[][] tokens, int start, int end) {
    int width = end - start;
    long[] flat = new long[tokens.length * width];
    for (int r = 0; r < tokens.length; r++) {
      System.arraycopy(tokens[r], start, flat, r * width, width);
    }
    return manager.create(flat, new Shape(tokens.length, width));
  }

  /** Rotary position of column t of row r: t minus the row's left padding (pads get 0). */
  private NDArray positions(NDManager manager, int[] pad, int start, int end) {
    int width = end - start;
    float[] positions = new float[pad.length * width];
    for (int r = 0; r < pad.length; r++) {
      for (int t = start; t < end; t++) {
        positions[r * width + t - start] = Math.max(0, t - pad[r]);
      }
    }
    return manager.create(positions, new Shape(pad.length, width))
        .toType(model.dataType(), false);
  }

  /** Query column q sees key column k when k <= q and k is not padding: (R, 1, T, end). */
  private NDArray mask(NDManager manager, int[] pad, int start, int end) {
    int width = end - start;
    float[] mask = new float[pad.length * width * end];
    for (int r = 0; r < pad.length; r++) {
      for (int q = start; q < end; q++) {
        for (int k = 0; k < end; k++) {
          boolean visible = k <= q && k >= pad[r];
          mask[(r * width + q - start) * end + k] = visible ? 0 : LlamaModel.MASKED;
        }
      }
    }
    return manager.create(mask, new Shape(pad.length, 1, width, end))
        .toType(model.dataType(), false);
  }
}
