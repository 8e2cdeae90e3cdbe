package dev.passk.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicySlotTest {

  private static final SamplingSettings GREEDY = SamplingSettings.greedy(4);

  @Test
  void aLeaseKeepsItsPolicyThroughASwapAndTheOldPolicyClosesWithTheLastLease() throws Exception {
    Policy first = Policy.tiny(1, Device.cpu());
    Policy second = Policy.tiny(2, Device.cpu());
    PolicyIdentity v1 = PolicyIdentity.announced("r", 1, "aa");
    try (PolicySlot slot = new PolicySlot(first, PolicyIdentity.start(Optional.empty()))) {
      PolicySlot.Lease lease = slot.lease();
      slot.swap(second, v1);
      assertEquals(v1, slot.identity());
      assertSame(first, lease.policy(), "the running batch keeps the weights it started with");
      assertEquals(0, lease.identity().version());
      assertEquals(1, first.sample(List.of("1+1="), 1, GREEDY, 0).size(), "still usable while leased");
      lease.close();
      lease.close();
      assertThrows(RuntimeException.class, () -> first.sample(List.of("1+1="), 1, GREEDY, 0),
          "closed once its last lease closed");
      try (PolicySlot.Lease next = slot.lease()) {
        assertSame(second, next.policy());
      }
    }
    assertThrows(RuntimeException.class, () -> second.sample(List.of("1+1="), 1, GREEDY, 0),
        "closing the slot closes the served policy");
  }

  @Test
  void awaitChangeTimesOutOrWakesOnASwap() throws Exception {
    try (PolicySlot slot = new PolicySlot(Policy.tiny(1, Device.cpu()), PolicyIdentity.start(Optional.empty()))) {
      PolicyIdentity seen = slot.identity();
      assertFalse(slot.awaitChange(seen, System.nanoTime() + 50_000_000L));
      Policy next = Policy.tiny(2, Device.cpu());
      Thread swapper = new Thread(() -> {
        sleep(100);
        slot.swap(next, PolicyIdentity.announced("r", 1, "bb"));
      });
      swapper.start();
      long t0 = System.nanoTime();
      assertTrue(slot.awaitChange(seen, System.nanoTime() + 30_000_000_000L));
      assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "woken by the swap, not the deadline");
      swapper.join();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
