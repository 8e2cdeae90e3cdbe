package dev.passk.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PromptIdsTest {

  @Test
  void theIndexComesBackFromTheIdEvenWhenTheTaskIdHasAnAt() {
    assertEquals(12345678901L, PromptIds.index(PromptIds.of("gsm8k@x.jsonl-17", 12345678901L)));
    assertEquals("addition-d2-s0-3@3", PromptIds.of("addition-d2-s0-3", 3));
  }

  @Test
  void anIdWithoutAnIndexIsRefusedNamingIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> PromptIds.index("plain"));
    assertEquals("prompt id 'plain' has no '@<index>' suffix", e.getMessage());
  }

  @Test
  void indexOfIsEmptyForIdsThatDoNotEndInAnIndex() {
    assertEquals(java.util.OptionalLong.of(7), PromptIds.indexOf("a@b@7"));
    for (String id : new String[] {"plain", "x@", "x@-3", "x@seven", "x@99999999999999999999"}) {
      assertEquals(java.util.OptionalLong.empty(), PromptIds.indexOf(id), id);
    }
  }
}
