package dev.passk.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

  @Test
  void packsInOrderUpToTheBudgetAndGivesAnOversizedItemItsOwnGroup() {
    List<Integer> costs = List.of(3, 4, 3, 11, 2, 2, 6, 10);
    List<List<Integer>> groups = MicroBatcher.pack(costs, Integer::longValue, 10);
    assertEquals(List.of(List.of(3, 4, 3), List.of(11), List.of(2, 2, 6), List.of(10)), groups);
  }

  @Test
  void everyGroupStaysWithinBudgetUnlessItHoldsOneItemAndNothingIsLostOrReordered() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (int trial = 0; trial < 200; trial++) {
      List<Integer> costs = random.ints(random.nextInt(0, 30), 1, 40).boxed().toList();
      long budget = random.nextInt(1, 60);
      List<List<Integer>> groups = MicroBatcher.pack(costs, Integer::longValue, budget);
      assertEquals(costs, groups.stream().flatMap(List::stream).toList());
      for (int g = 0; g < groups.size(); g++) {
        long sum = groups.get(g).stream().mapToLong(Integer::longValue).sum();
        assertEquals(true, sum <= budget || groups.get(g).size() == 1, "group " + groups.get(g));
        if (g + 1 < groups.size()) {
          assertEquals(true, sum + groups.get(g + 1).get(0) > budget, "greedy: next item did not fit");
        }
      }
    }
  }

  @Test
  void refusesANonPositiveBudget() {
    assertThrows(IllegalArgumentException.class, () -> MicroBatcher.pack(List.of(1), Integer::longValue, 0));
  }
}
