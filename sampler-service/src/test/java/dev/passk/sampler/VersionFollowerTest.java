package dev.passk.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class VersionFollowerTest {

  private static final TopicPartition P0 = new TopicPartition("policy-versions", 0);
  private static final TopicPartition P1 = new TopicPartition("policy-versions", 1);

  @Test
  void theTailWindowStartsWindowRecordsBeforeTheEndButNeverBeforeTheBeginning() {
    Map<TopicPartition, Long> beginning = Map.of(P0, 100L, P1, 0L);
    Map<TopicPartition, Long> end = Map.of(P0, 5_000L, P1, 10L);
    assertEquals(Map.of(P0, 4_984L, P1, 0L), VersionFollower.tailStarts(beginning, end, 16));
    assertEquals(Map.of(P0, 100L, P1, 0L), VersionFollower.tailStarts(beginning, end, 16 * 4 * 4 * 4 * 4 * 4),
        "a window past the beginning reads the whole log, which ends the search");
  }
}
