package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.training.PromptIds;
import dev.passk.training.TrainedPrompts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerSnapshotTest {

  @Test
  void theJsonListsTrainedPromptIdsInStreamOrderAndNothingInternal() throws Exception {
    LedgerSnapshot snapshot = new LedgerSnapshot("run-1", "RUNNING", 3, 0, 7, new TrainedPrompts(2, List.of(4L, 5L)),
        i -> PromptIds.of("add-" + i, i), Map.of("add-2@2", 0, "add-3@3", 1, "add-6@6", 0), 1, 0, 2, 3);
    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(snapshot));
    assertEquals(List.of("add-0@0", "add-1@1", "add-4@4", "add-5@5"),
        new ObjectMapper().convertValue(json.get("trained"), List.class));
    assertEquals(7, json.get("nextPromptIndex").asLong());
    assertEquals(3, json.get("inFlight").size());
    assertFalse(json.has("trainedPrompts"));
    assertFalse(json.has("idOf"));
  }
}
