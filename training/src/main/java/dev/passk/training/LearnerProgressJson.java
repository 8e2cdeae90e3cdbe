package dev.passk.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link LearnerProgress} as JSON: {@code {"step":..,"policyVersion":..,"nextPromptIndex":..,
 * "scoredRolloutOffsets":{"0":12},"inFlight":{"id":1},"trainedBelow":..,"trainedAbove":[..],
 * "rngSeed":..}} ({@link TrainedPrompts}), keys and indices sorted so equal progress gives equal
 * bytes. Reads the earlier form too, where {@code "trained":["id",..]} listed every trained prompt id.
 */
public final class LearnerProgressJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LearnerProgressJson() {}

  public static byte[] write(LearnerProgress progress) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("step", progress.step());
    root.put("policyVersion", progress.policyVersion());
    root.put("nextPromptIndex", progress.nextPromptIndex());
    ObjectNode offsets = root.putObject("scoredRolloutOffsets");
    new TreeMap<>(progress.scoredRolloutOffsets()).forEach((p, o) -> offsets.put(p.toString(), o));
    ObjectNode inFlight = root.putObject("inFlight");
    new TreeMap<>(progress.inFlight()).forEach(inFlight::put);
    root.put("trainedBelow", progress.trained().below());
    progress.trained().above().forEach(root.putArray("trainedAbove")::add);
    root.put("rngSeed", progress.rngSeed());
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise learner progress", e);
    }
  }

  /** @throws IOException when the bytes are not progress JSON (naming the missing field) */
  public static LearnerProgress read(byte[] json) throws IOException {
    JsonNode root = MAPPER.readTree(json);
    Map<Integer, Long> offsets = new TreeMap<>();
    required(root, "scoredRolloutOffsets").fields()
        .forEachRemaining(e -> offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
    Map<String, Integer> inFlight = new TreeMap<>();
    required(root, "inFlight").fields()
        .forEachRemaining(e -> inFlight.put(e.getKey(), e.getValue().asInt()));
    TrainedPrompts trained;
    if (root.has("trained")) { // the earlier form: every trained prompt id
      List<Long> indices = new ArrayList<>();
      root.get("trained").forEach(id -> indices.add(PromptIds.index(id.asText())));
      trained = TrainedPrompts.of(indices);
    } else {
      List<Long> above = new ArrayList<>();
      required(root, "trainedAbove").forEach(index -> above.add(index.asLong()));
      trained = new TrainedPrompts(required(root, "trainedBelow").asLong(), above);
    }
    return new LearnerProgress(required(root, "step").asLong(),
        required(root, "policyVersion").asLong(), required(root, "nextPromptIndex").asLong(),
        offsets, inFlight, trained, required(root, "rngSeed").asLong());
  }

  private static JsonNode required(JsonNode root, String field) throws IOException {
    JsonNode node = root == null ? null : root.get(field);
    if (node == null) {
      throw new IOException("learner progress JSON lacks field '" + field + "'");
    }
    return node;
  }
}
