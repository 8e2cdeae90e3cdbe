package dev.passk.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture of a Llama-family decoder, read from and written to a Hugging Face style
 * {@code config.json} (LlamaConfig / Qwen2Config field names).
 *
 * @param vocabSize rows of the embedding and of the output head
 * @param hiddenSize model width d
 * @param intermediateSize width of the SwiGLU MLP
 * @param numLayers decoder layers
 * @param numHeads query heads
 * @param numKvHeads key/value heads; fewer than {@code numHeads} is grouped-query attention
 * @param headDim width of one head (Hugging Face default: hiddenSize / numHeads)
 * @param maxPositions the longest sequence the model accepts
 * @param ropeTheta base of the rotary frequencies
 * @param rmsNormEps epsilon inside RMSNorm
 * @param qkvBias q/k/v projections carry a bias (Qwen2, or Llama's attention_bias)
 * @param outputBias the attention output projection carries a bias (Llama's attention_bias)
 * @param tieWordEmbeddings the output head reuses the embedding matrix
 * @param bosTokenId beginning-of-sequence id, or -1 when the tokenizer has none
 * @param eosTokenIds ids that end a completion; the first also pads batches
 */
public record LlamaConfig(
    int vocabSize, int hiddenSize, int intermediateSize, int numLayers, int numHeads,
    int numKvHeads, int headDim, int maxPositions, double ropeTheta, double rmsNormEps,
    boolean qkvBias, boolean outputBias, boolean tieWordEmbeddings, long bosTokenId,
    List<Long> eosTokenIds) {

  public LlamaConfig {
    require(vocabSize > 0 && hiddenSize > 0 && intermediateSize > 0 && numLayers > 0,
        "vocab_size, hidden_size, intermediate_size and num_hidden_layers must be positive");
    require(numHeads > 0 && numKvHeads > 0 && numHeads % numKvHeads == 0,
        "num_attention_heads (" + numHeads + ") must be a positive multiple of num_key_value_heads ("
            + numKvHeads + ")");
    require(headDim > 0 && headDim % 2 == 0, "head_dim must be even for rotary embeddings, got "
        + headDim);
    require(!eosTokenIds.isEmpty(), "eos_token_id is required: sampling stops on it");
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("config.json: " + message);
    }
  }

  /** Key/value heads per query head group. */
  public int groupSize() {
    return numHeads / numKvHeads;
  }

  /** The first end-of-sequence id: appended to completions and used as padding. */
  public long eosTokenId() {
    return eosTokenIds.get(0);
  }

  /** Reads {@code config.json}; unsupported features (rope_scaling, mlp_bias) fail clearly. */
  public static LlamaConfig read(Path file) throws IOException {
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    String type = json.path("model_type").asText("llama");
    if (!json.path("rope_scaling").isMissingNode() && !json.path("rope_scaling").isNull()) {
      throw new IllegalArgumentException(file + ": rope_scaling is not supported by this policy");
    }
    if (json.path("mlp_bias").asBoolean(false)) {
      throw new IllegalArgumentException(file + ": mlp_bias is not supported by this policy");
    }
    int hidden = required(json, "hidden_size", file);
    int heads = required(json, "num_attention_heads", file);
    boolean attentionBias = json.path("attention_bias").asBoolean(false);
    List<Long> eos = new ArrayList<>();
    JsonNode eosNode = json.path("eos_token_id");
    if (eosNode.isArray()) {
      eosNode.forEach(id -> eos.add(id.asLong()));
    } else if (eosNode.isNumber()) {
      eos.add(eosNode.asLong());
    }
    return new LlamaConfig(
        required(json, "vocab_size", file), hidden, required(json, "intermediate_size", file),
        required(json, "num_hidden_layers", file), heads,
        json.path("num_key_value_heads").asInt(heads),
        json.path("head_dim").asInt(hidden / heads),
        json.path("max_position_embeddings").asInt(2048),
        json.path("rope_theta").asDouble(10000.0),
        json.path("rms_norm_eps").asDouble(1e-6),
        attentionBias || type.equals("qwen2"),
        attentionBias,
        json.path("tie_word_embeddings").asBoolean(false),
        json.path("bos_token_id").isNumber() ? json.path("bos_token_id").asLong() : -1,
        eos);
  }

  private static int required(JsonNode json, String field, Path file) {
    if (!json.path(field).isNumber()) {
      throw new IllegalArgumentException(file + ": missing numeric field '" + field + "'");
    }
    return json.path(field).asInt();
  }

  /** The content of {@code config.json} in the Hugging Face layout that {@link #read} accepts. */
  public byte[] json() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    // Qwen2 is the Hugging Face type with q/k/v bias and no output bias; Llama covers the rest.
    boolean qwen2 = qkvBias && !outputBias;
    json.putArray("architectures").add(qwen2 ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
    json.put("model_type", qwen2 ? "qwen2" : "llama");
    json.put("vocab_size", vocabSize);
    json.put("hidden_size", hiddenSize);
    json.put("intermediate_size", intermediateSize);
    json.put("num_hidden_layers", numLayers);
    json.put("num_attention_heads", numHeads);
    json.put("num_key_value_heads", numKvHeads);
    json.put("head_dim", headDim);
    json.put("max_position_embeddings", maxPositions);
    json.put("rope_theta", ropeTheta);
    json.put("rms_norm_eps", rmsNormEps);
    json.put("hidden_act", "silu");
    if (!qwen2) {
      json.put("attention_bias", outputBias);
    }
    json.put("tie_word_embeddings", tieWordEmbeddings);
    if (bosTokenId >= 0) {
      json.put("bos_token_id", bosTokenId);
    }
    if (eosTokenIds.size() == 1) {
      json.put("eos_token_id", eosTokenIds.get(0));
    } else {
      eosTokenIds.forEach(json.putArray("eos_token_id")::add);
    }
    json.put("torch_dtype", "float32");
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
  }
}
