package dev.passk.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.passk.learner.RunLedger.Admission;
import dev.passk.training.PromptIds;
import dev.passk.training.TrainedPrompts;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunLedgerTest {

  /** Prompt i of the run's stream. */
  private static String id(long index) {
    return PromptIds.of("add-" + index, index);
  }

  private static RunLedger ledger(TrainedPrompts restored) {
    return new RunLedger(restored, RunLedgerTest::id);
  }

  @Test
  void eachPromptIsAdmittedOnceAndRepeatsAreCountedAsDuplicates() {
    RunLedger ledger = ledger(TrainedPrompts.of(List.of(0L)));
    assertEquals(Admission.DUPLICATE, ledger.admit(id(0), false), "trained before the checkpoint");
    assertEquals(Admission.ACCEPTED, ledger.admit(id(1), true));
    assertEquals(Admission.DUPLICATE, ledger.admit(id(1), true), "already buffered");
    assertEquals(Admission.NOT_IN_FLIGHT, ledger.admit(id(2), false));
    ledger.trained(List.of(id(1)));
    assertEquals(Admission.DUPLICATE, ledger.admit(id(1), false), "already trained");
    assertEquals(3, ledger.duplicates());
    assertEquals(1, ledger.notInFlight());
    assertEquals(new TrainedPrompts(2, List.of()), ledger.trained());
    assertEquals(2, ledger.trainedCount());
    assertEquals(0, ledger.bufferedCount());
  }

  @Test
  void aStrayWithATrainedIndexButAnotherIdIsNotInFlightNotADuplicate() {
    RunLedger ledger = ledger(TrainedPrompts.of(List.of(0L, 1L)));
    assertEquals(Admission.NOT_IN_FLIGHT, ledger.admit("forged@1", false));
    assertEquals(Admission.NOT_IN_FLIGHT, ledger.admit("no-index", false));
    assertEquals(0, ledger.duplicates());
  }

  @Test
  void trainedPromptsStayCompactWhateverOrderTheyCameIn() {
    RunLedger ledger = ledger(TrainedPrompts.of(List.of(0L)));
    for (long index : List.of(3L, 1L, 4L)) {
      ledger.admit(id(index), true);
    }
    ledger.trained(List.of(id(3), id(1), id(4)));
    assertEquals(new TrainedPrompts(2, List.of(3L, 4L)), ledger.trained(), "2 is still out");
  }

  @Test
  void aDroppedGroupsPromptMayBeAdmittedAgain() {
    RunLedger ledger = ledger(TrainedPrompts.NONE);
    ledger.admit(id(0), true);
    ledger.dropped(id(0));
    assertEquals(Admission.ACCEPTED, ledger.admit(id(0), true));
    assertEquals(0, ledger.duplicates());
  }

  @Test
  void trainingAPromptTwiceOrUnbufferedFails() {
    RunLedger ledger = ledger(TrainedPrompts.of(List.of(0L)));
    assertThrows(IllegalStateException.class, () -> ledger.trained(List.of(id(0))));
    assertThrows(IllegalStateException.class, () -> ledger.trained(List.of(id(7))));
  }
}
