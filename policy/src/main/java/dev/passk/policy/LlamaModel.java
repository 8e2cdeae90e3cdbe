package dev.passk.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.ndarray.types.SparseFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Llama-family decoder (Llama, Qwen2) in one file that reads top to bottom, nanoGPT style:
 * embedding, then per layer {@code h += attn(rmsnorm(h)); h += mlp(rmsnorm(h))}, a final RMSNorm
 * and the output head. Parameters are held under their Hugging Face names.
 *
 * <p>Every op takes the activation as its receiver (never a parameter), so results land in the
 * caller's per-step manager, and every scalar is an NDArray of that manager (djl.md pitfalls 1-2).
 */
final class LlamaModel implements AutoCloseable {

  /** Additive attention mask value for keys a query must not see; exp underflows to exactly 0. */
  static final float MASKED = -1e9f;

  private final LlamaConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> parameters;
  private final Constants constants;

  private LlamaModel(LlamaConfig config, NDManager manager, Map<String, NDArray> parameters) {
    this.config = config;
    this.manager = manager;
    this.parameters = parameters;
    this.constants = Constants.of(config, manager, dataType());
  }

  /**
   * The arrays every forward pass reuses, made once in the model's manager and float type: creating
   * a scalar costs more than most ops on these sizes, so none is made per layer or per token.
   *
   * @param epsilon RMSNorm's eps
   * @param attentionScale 1 / sqrt(hd)
   * @param frequencies theta^(-2j/hd) for j = 0..hd/2-1, twice over (both halves of a head), (hd)
   * @param rotateHalf the (hd, hd) matrix R with x R = rotate_half(x) = [-x2, x1]: R[j + hd/2][j] =
   *     -1 and R[j][j + hd/2] = 1 for j < hd/2, zero elsewhere (one matMul instead of two slices, a
   *     negation and a concatenation)
   */
  private record Constants(
      NDArray epsilon, NDArray attentionScale, NDArray frequencies, NDArray rotateHalf) {

    static Constants of(LlamaConfig config, NDManager manager, DataType type) {
      int hd = config.headDim();
      int half = hd / 2;
      double[] frequencies = new double[hd];
      double[] rotateHalf = new double[hd * hd];
      for (int j = 0; j < half; j++) {
        frequencies[j] = Math.pow(config.ropeTheta(), -2.0 * j / hd);
        frequencies[j + half] = frequencies[j];
        rotateHalf[(j + half) * hd + j] = -1;
        rotateHalf[j * hd + j + half] = 1;
      }
      return new Constants(
          scalar(manager, config.rmsNormEps(), type),
          scalar(manager, 1 / Math.sqrt(hd), type),
          manager.create(frequencies).toType(type, false),
          manager.create(rotateHalf, new Shape(hd, hd)).toType(type, false));
    }
  }

  /** The Hugging Face parameter names in checkpoint order, each with its shape. */
  static Map<String, Shape> parameterShapes(LlamaConfig c) {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    long d = c.hiddenSize();
    long q = (long) c.numHeads() * c.headDim();
    long kv = (long) c.numKvHeads() * c.headDim();
    shapes.put("model.embed_tokens.weight", new Shape(c.vocabSize(), d));
    for (int i = 0; i < c.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      shapes.put(p + "input_layernorm.weight", new Shape(d));
      shapes.put(p + "self_attn.q_proj.weight", new Shape(q, d));
      shapes.put(p + "self_attn.k_proj.weight", new Shape(kv, d));
      shapes.put(p + "self_attn.v_proj.weight", new Shape(kv, d));
      if (c.qkvBias()) {
        shapes.put(p + "self_attn.q_proj.bias", new Shape(q));
        shapes.put(p + "self_attn.k_proj.bias", new Shape(kv));
        shapes.put(p + "self_attn.v_proj.bias", new Shape(kv));
      }
      shapes.put(p + "self_attn.o_proj.weight", new Shape(d, q));
      if (c.outputBias()) {
        shapes.put(p + "self_attn.o_proj.bias", new Shape(d));
      }
      shapes.put(p + "post_attention_layernorm.weight", new Shape(d));
      shapes.put(p + "mlp.gate_proj.weight", new Shape(c.intermediateSize(), d));
      shapes.put(p + "mlp.up_proj.weight", new Shape(c.intermediateSize(), d));
      shapes.put(p + "mlp.down_proj.weight", new Shape(d, c.intermediateSize()));
    }
    shapes.put("model.norm.weight", new Shape(d));
    if (!c.tieWordEmbeddings()) {
      shapes.put("lm_head.weight", new Shape(c.vocabSize(), d));
    }
    return shapes;
  }

  /**
   * Random weights as Hugging Face initialises Llama: N(0, 0.02^2) matrices, unit norms, zero
   * biases; drawn on the host from {@code seed} so every device gets the same model.
   */
  static LlamaModel random(LlamaConfig config, NDManager manager, long seed, DataType dataType) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    parameterShapes(config).forEach((name, shape) -> {
      float[] values = new float[(int) shape.size()];
      if (name.endsWith("norm.weight")) {
        java.util.Arrays.fill(values, 1f);
      } else if (!name.endsWith(".bias")) {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (0.02 * random.nextGaussian());
        }
      }
      NDArray array = manager.create(values, shape).toType(dataType, false);
      array.setName(name);
      parameters.put(name, array);
    });
    return new LlamaModel(config, manager, parameters);
  }

  /**
   * Takes ownership of {@code arrays} (named by Hugging Face) after checking names and shapes.
   * Extra names are rejected, except {@code lm_head.weight} of a tied model.
   */
  static LlamaModel of(LlamaConfig config, NDManager manager, NDList arrays, DataType dataType) {
    Map<String, Shape> expected = parameterShapes(config);
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    Map<String, NDArray> byName = new LinkedHashMap<>();
    for (NDArray array : arrays) {
      byName.put(array.getName(), array);
    }
    for (Map.Entry<String, Shape> entry : expected.entrySet()) {
      NDArray array = byName.remove(entry.getKey());
      if (array == null) {
        throw new IllegalArgumentException("model.safetensors lacks tensor '" + entry.getKey()
            + "' that config.json implies");
      }
      if (!array.getShape().equals(entry.getValue())) {
        throw new IllegalArgumentException("tensor '" + entry.getKey() + "' has shape "
            + array.getShape() + ", config.json implies " + entry.getValue());
      }
      NDArray owned = array.getDataType() == dataType ? array : array.toType(dataType, false);
      owned.attach(manager);
      owned.setName(entry.getKey());
      parameters.put(entry.getKey(), owned);
    }
    byName.remove("lm_head.weight");
    if (!byName.isEmpty()) {
      throw new IllegalArgumentException("model.safetensors has tensors config.json does not "
          + "describe: " + byName.keySet());
    }
    return new LlamaModel(config, manager, parameters);
  }

  LlamaConfig config() {
    return config;
  }

  NDManager manager() {
    return manager;
  }

  DataType dataType() {
    return parameters.values().iterator().next().getDataType();
  }

  /** The parameters under their Hugging Face names, in checkpoint order. */
  Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** The parameter that scores the output: {@code lm_head.weight}, or the embedding when tied. */
  String headParameterName() {
    return config.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
  }

  /**
   * Logits for a batch.
   *
   * @param ids token ids, int64 (B, T)
   * @param positions rotary position of each token, (B, T), in the model's float type
   * @param mask additive attention mask (B, 1, T, S): 0 where a query may see a key, {@link
   *     #MASKED} elsewhere; S = cached length + T
   * @param cache keys and values of earlier tokens, extended in place; null to run without one
   * @return logits (B, T, V) in the manager of {@code ids}
   */
  NDArray forward(NDArray ids, NDArray positions, NDArray mask, KvCache cache) {
    return head(hidden(ids, positions, mask, cache));
  }

  /** The final hidden states h (B, T, d), after the last RMSNorm: what the head reads. */
  NDArray hidden(NDArray ids, NDArray positions, NDArray mask, KvCache cache) {
    NDArray h = ids.getNDArrayInternal()
        .embedding(ids, param("model.embed_tokens.weight"), SparseFormat.DENSE).singletonOrThrow();
    Rotary rotary = rotary(positions); // cos, sin: (B, 1, T, hd)
    // Row g*T + t of a query group is query t of the group's head g (see attention): one mask copy each.
    NDArray groupMask = config.groupSize() == 1 ? mask : mask.tile(new long[] {1, 1, config.groupSize(), 1});
    for (int i = 0; i < config.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      h = h.add(attention(rmsNorm(h, p + "input_layernorm.weight"), p, rotary, groupMask, cache, i));
      h = h.add(mlp(rmsNorm(h, p + "post_attention_layernorm.weight"), p));
    }
    return rmsNorm(h, "model.norm.weight");
  }

  /** Logits h W^T (B, T, V) of final hidden states h (B, T, d); W is the (V, d) head. */
  NDArray head(NDArray h) {
    return Linear.linear(h, param(headParameterName())).singletonOrThrow();
  }

  /** RMSNorm: {@code x / sqrt(mean(x^2) + eps) * w} over the last axis (Zhang and Sennrich 2019). */
  private NDArray rmsNorm(NDArray x, String weight) {
    NDArray meanSquare = x.square().mean(new int[] {-1}, true); // (B, T, 1)
    return x.div(meanSquare.add(constants.epsilon()).sqrt()).mul(param(weight));
  }

  private record Rotary(NDArray cos, NDArray sin) {}

  /**
   * Rotary tables: angle(b, t, j) = position(b, t) * theta^(-2j/hd), duplicated over both halves
   * of the head as Hugging Face's rotate_half convention expects (RoFormer, Su et al. 2021, eq. 34).
   */
  private Rotary rotary(NDArray positions) {
    Shape s = positions.getShape(); // (B, T)
    NDArray angles = positions.reshape(s.get(0), 1, s.get(1), 1).mul(constants.frequencies()); // (B, 1, T, hd)
    return new Rotary(angles.cos(), angles.sin());
  }

  /** {@code x * cos + rotate_half(x) * sin}, rotate_half(x) = [-x2, x1] = x R. */
  private NDArray rotate(NDArray x, Rotary rotary) {
    return x.mul(rotary.cos()).add(x.matMul(constants.rotateHalf()).mul(rotary.sin()));
  }

  /**
   * Causal grouped-query attention: softmax(q k^T / sqrt(hd) + mask) v, where query head j*g + i
   * reads key/value head j (g = heads / kv heads). The g query heads of a group are stacked along
   * the query axis, (B, KVH, g*T, hd), so keys and values are never copied per query head; {@code
   * mask} is (B, 1, g*T, S), the caller's mask repeated g times along the query axis.
   */
  private NDArray attention(
      NDArray x, String p, Rotary rotary, NDArray mask, KvCache cache, int layer) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    int hd = config.headDim();
    NDArray q = heads(project(x, p + "self_attn.q_proj"), config.numHeads()); // (B, H, T, hd)
    NDArray k = heads(project(x, p + "self_attn.k_proj"), config.numKvHeads()); // (B, KVH, T, hd)
    NDArray v = heads(project(x, p + "self_attn.v_proj"), config.numKvHeads());
    q = rotate(q, rotary);
    k = rotate(k, rotary);
    if (cache != null) {
      NDList kv = cache.append(layer, k, v); // (B, KVH, S, hd)
      k = kv.get(0);
      v = kv.get(1);
    }
    NDArray grouped = q.reshape(batch, config.numKvHeads(), config.groupSize() * length, hd);
    NDArray scores = grouped.matMul(k.swapAxes(2, 3)).mul(constants.attentionScale()).add(mask);
    NDArray out = scores.softmax(-1).matMul(v) // (B, KVH, g*T, hd)
        .reshape(batch, config.numHeads(), length, hd).transpose(0, 2, 1, 3)
        .reshape(batch, length, (long) config.numHeads() * hd);
    return project(out, p + "self_attn.o_proj"); // (B, T, d)
  }

  /** (B, T, heads * hd) to (B, heads, T, hd). */
  private NDArray heads(NDArray x, int count) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), count, config.headDim()).transpose(0, 2, 1, 3);
  }

  /** SwiGLU (Shazeer 2020): down(silu(gate(x)) * up(x)). */
  private NDArray mlp(NDArray x, String p) {
    NDArray gate = project(x, p + "mlp.gate_proj");
    NDArray silu = gate.mul(Activation.sigmoid(gate));
    return project(silu.mul(project(x, p + "mlp.up_proj")), p + "mlp.down_proj");
  }

  /** {@code x W^T + b} with the Hugging Face (out, in) weight and its bias when present. */
  private NDArray project(NDArray x, String prefix) {
    NDArray bias = parameters.get(prefix + ".bias");
    return (bias == null ? Linear.linear(x, param(prefix + ".weight"))
        : Linear.linear(x, param(prefix + ".weight"), bias)).singletonOrThrow();
  }

  private NDArray param(String name) {
    return parameters.get(name);
  }

  /** A scalar of {@code like}'s manager and type (never a Java Number in an op: pitfall 1). */
  static NDArray scalar(NDArray like, double value) {
    return scalar(like.getManager(), value, like.getDataType());
  }

  /** A scalar of {@code manager} in {@code type}. */
  static NDArray scalar(NDManager manager, double value, DataType type) {
    return manager.create(value).toType(type, false);
  }

  /** Concatenates tensors along axis 0 (used by gradient flattening). */
  static NDArray concat(NDList arrays) {
    return arrays.size() == 1 ? arrays.head().duplicate() : NDArrays.concat(arrays);
  }

  @Override
  public void close() {
    manager.close();
  }
}
