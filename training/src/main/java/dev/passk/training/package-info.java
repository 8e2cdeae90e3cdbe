/**
 * The learner's update, evaluation and crash-safe state, in plain Java (no Kafka).
 *
 * <ul>
 *   <li>{@link dev.passk.training.LearnerStep}: one update from {@link
 *       dev.passk.training.ScoredGroup}s (staleness filter, truncated importance ratio, the four
 *       {@link dev.passk.training.Objective}s, AdamW) with the interference report computed from
 *       the same forward pass;</li>
 *   <li>{@link dev.passk.training.HeldOutEvaluation}: pass@1 and pass@k on a fixed held-out set;</li>
 *   <li>{@link dev.passk.training.LearnerCheckpoint} and {@link dev.passk.training.LearnerProgress}:
 *       atomic restart state; {@link dev.passk.training.WarmStartedPolicy}: the cached start;</li>
 *   <li>{@link dev.passk.training.InProcessRun}: a whole run in one thread, the pipeline's
 *       baseline. Benchmarks (test sources, run with {@code java -cp}): {@code InProcessRunBench}
 *       (the four objectives on the interference benchmark); the diagnostics overhead is measured by
 *       {@code ./passk bench --only diagnostics}.</li>
 * </ul>
 */
package dev.passk.training;
