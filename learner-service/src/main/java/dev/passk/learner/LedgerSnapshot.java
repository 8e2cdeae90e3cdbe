package dev.passk.learner;

import java.util.List;
import java.util.Map;

/**
 * The run's ledger as this process last published it ({@code GET /learner/ledger}): which prompts
 * are trained and which are out, and what was refused. Counts of refusals are this process's
 * (a restart starts them at 0); trained, in flight and the next index are the run's.
 *
 * @param resumedFromStep the step of the checkpoint this process resumed from; 0 for a fresh start
 * @param trained prompt ids trained in the run (sorted), the restored checkpoint's included
 * @param inFlight prompt id -> attempt, dispatched and not yet trained
 * @param duplicates groups refused because their prompt was already trained or buffered
 * @param notInFlight groups refused because their prompt was not out (dispatched after the
 *     checkpoint a restart went back to)
 * @param droppedStale groups dropped as too stale (their prompts were dispatched again)
 * @param redispatches dispatches with attempt > 0 (timeouts and stale drops)
 */
public record LedgerSnapshot(String runId, String phase, long step, long resumedFromStep, long nextPromptIndex, List<String> trained,
    Map<String, Integer> inFlight, long duplicates, long notInFlight, long droppedStale, long redispatches) {}
