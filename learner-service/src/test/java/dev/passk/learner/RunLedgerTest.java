package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.passk.learner.RunLedger.Admission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunLedgerTest {

  @Test
  void eachPromptIsAdmittedOnceAndRepeatsAreCountedAsDuplicates() {
    RunLedger ledger = new RunLedger(Set.of("a"));
    assertEquals(Admission.DUPLICATE, ledger.admit("a", true), "trained before the checkpoint");
    assertEquals(Admission.ACCEPTED, ledger.admit("b", true));
    assertEquals(Admission.DUPLICATE, ledger.admit("b", true), "already buffered");
    assertEquals(Admission.NOT_IN_FLIGHT, ledger.admit("c", false));
    ledger.trained(List.of("b"));
    assertEquals(Admission.DUPLICATE, ledger.admit("b", true), "already trained");
    assertEquals(3, ledger.duplicates());
    assertEquals(1, ledger.notInFlight());
    assertEquals(List.of("a", "b"), ledger.trainedIds());
    assertEquals(0, ledger.bufferedCount());
  }

  @Test
  void trainedIdsAreSortedWhateverOrderTheyCameIn() {
    RunLedger ledger = new RunLedger(Set.of("m"));
    for (String id : List.of("z", "b", "n")) {
      ledger.admit(id, true);
    }
    ledger.trained(List.of("z", "b", "n"));
    assertEquals(List.of("b", "m", "n", "z"), ledger.trainedIds());
  }

  @Test
  void aDroppedGroupsPromptMayBeAdmittedAgain() {
    RunLedger ledger = new RunLedger(Set.of());
    ledger.admit("x", true);
    ledger.dropped("x");
    assertEquals(Admission.ACCEPTED, ledger.admit("x", true));
    assertEquals(0, ledger.duplicates());
  }

  @Test
  void trainingAPromptTwiceOrUnbufferedFails() {
    RunLedger ledger = new RunLedger(Set.of("a"));
    assertThrows(IllegalStateException.class, () -> ledger.trained(List.of("a")));
    assertThrows(IllegalStateException.class, () -> ledger.trained(List.of("never-admitted")));
  }
}
