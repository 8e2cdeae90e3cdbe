package dev.passk.learner;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.passk.training.TrainedPrompts;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The run's ledger as this process last published it ({@code GET /learner/ledger}): which prompts
 * are trained and which are out, and what was refused. Counts of refusals are this process's
 * (a restart starts them at 0); trained, in flight and the next index are the run's. Taking one
 * costs the same at every step of a run; the list of trained ids is built only when read.
 *
 * @param resumedFromStep the step of the checkpoint this process resumed from; 0 for a fresh start
 * @param trainedPrompts the stream indices of the prompts trained in the run, the restored checkpoint's included
 * @param idOf the id the prompt of a stream index was dispatched under (called on the HTTP thread:
 *     a task's prompts are a pure function of seed and index)
 * @param inFlight prompt id -> attempt, dispatched and not yet trained
 * @param duplicates groups refused because their prompt was already trained or buffered
 * @param notInFlight groups refused because their prompt was not out (dispatched after the
 *     checkpoint a restart went back to)
 * @param droppedStale groups dropped as too stale (their prompts were dispatched again)
 * @param redispatches dispatches with attempt > 0 (timeouts and stale drops)
 */
public record LedgerSnapshot(String runId, String phase, long step, long resumedFromStep, long nextPromptIndex,
    @JsonIgnore TrainedPrompts trainedPrompts, @JsonIgnore LongFunction<String> idOf,
    Map<String, Integer> inFlight, long duplicates, long notInFlight, long droppedStale, long redispatches) {

  /** The ids of the prompts trained in the run, in stream order. */
  @JsonProperty("trained")
  public List<String> trained() {
    return trainedPrompts.indices().mapToObj(idOf).toList();
  }
}
