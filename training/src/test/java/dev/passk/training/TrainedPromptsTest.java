package dev.passk.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TrainedPromptsTest {

  @Test
  void theWatermarkMovesUpOverTheIndicesItReaches() {
    TrainedPrompts trained = TrainedPrompts.NONE.with(1).with(3);
    assertEquals(new TrainedPrompts(0, List.of(1L, 3L)), trained);
    trained = trained.with(0);
    assertEquals(new TrainedPrompts(2, List.of(3L)), trained, "0 and 1 are below the watermark now");
    trained = trained.with(2);
    assertEquals(new TrainedPrompts(4, List.of()), trained);
    assertEquals(4, trained.count());
    assertEquals(trained, trained.with(2), "adding a trained index changes nothing");
  }

  /** Against a plain set of every index, over a random order of training with 32 prompts in flight. */
  @Test
  void agreesWithThePlainSetOfIndicesAndStaysAsSmallAsTheWindowInFlight() {
    Random random = new Random(7);
    List<Long> order = new ArrayList<>();
    for (long i = 0; i < 2000; i++) {
      order.add(i);
    }
    for (int start = 0; start < order.size(); start += 32) { // trained in any order within each window
      Collections.shuffle(order.subList(start, Math.min(order.size(), start + 32)), random);
    }
    TrainedPrompts trained = TrainedPrompts.NONE;
    TreeSet<Long> plain = new TreeSet<>();
    int largestAbove = 0;
    for (long index : order) {
      assertFalse(trained.contains(index));
      trained = trained.with(index);
      plain.add(index);
      largestAbove = Math.max(largestAbove, trained.above().size());
      assertEquals(plain.size(), trained.count());
      assertTrue(trained.contains(index));
    }
    assertEquals(List.copyOf(plain), trained.indices().boxed().toList());
    assertEquals(new TrainedPrompts(2000, List.of()), trained);
    assertTrue(largestAbove < 32, "above the watermark: at most the window in flight, got " + largestAbove);
    assertFalse(trained.contains(2000));
  }

  @Test
  void equalSetsGiveEqualRecords() {
    assertEquals(new TrainedPrompts(3, List.of(4L, 5L)), new TrainedPrompts(0, List.of(5L, 2L, 1L, 0L, 4L, 2L)));
    assertEquals(TrainedPrompts.of(List.of(0L, 1L, 2L, 5L)), new TrainedPrompts(3, List.of(1L, 5L)));
  }

  @Test
  void refusesNegativeIndices() {
    assertThrows(IllegalArgumentException.class, () -> new TrainedPrompts(-1, List.of()));
    assertThrows(IllegalArgumentException.class, () -> TrainedPrompts.of(List.of(-2L)));
  }
}
