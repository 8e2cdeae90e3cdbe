package dev.passk.learner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code passk.run.*} (env {@code PASSK_RUN_*}): what the learner trains, how, and where it keeps its
 * state. Every key has a default so a bare start runs a small pass@1 run of the addition task.
 */
@ConfigMapping(prefix = "passk.run")
public interface RunSettings {

  /** Run id stamped on every record; absent: a fresh one per fresh start (a restart keeps the stored one). */
  Optional<String> id();

  /** Task spec (tasks module's TaskCatalog): {@code addition}, {@code interference:hard-share=0.3}, {@code jsonl:file=...}. */
  @WithDefault("addition")
  String task();

  /** {@code pass1}, {@code passk}, {@code adaptive-k} or {@code projection}. */
  @WithDefault("pass1")
  String objective();

  /** Advantage estimator of the pass@k objectives: {@code pkpo}, {@code pkpo-loo1} or {@code chen}. */
  @WithDefault("pkpo")
  String estimator();

  /** k of pass@k (the cap K of adaptive-k); at most samples. */
  @WithDefault("2")
  int k();

  /** k at step 0 when annealing; absent: k (no annealing). */
  Optional<Integer> kStart();

  /** Steps over which k anneals linearly from k-start to k; 0: none. */
  @WithDefault("0")
  int kAnnealSteps();

  /** n: completions sampled per prompt. */
  @WithDefault("4")
  int samples();

  /** B: complete prompt groups per update. */
  @WithDefault("1")
  int batchPrompts();

  /** Updates in the run; the run ends after the last one with a final checkpoint. */
  Optional<Integer> steps();

  /**
   * The prompts of a smoke run of one-prompt steps (the demo's and the round-trip test's
   * {@code PASSK_RUN_PROMPTS}): the number of steps when {@code steps} is not set.
   */
  Optional<Integer> prompts();

  /** The run's number of updates: steps, else prompts, else 20. */
  default int totalSteps() {
    return steps().or(this::prompts).orElse(20);
  }

  /**
   * AdamW step size. 3e-4 rather than the in-process runs' 1e-3: samples arrive 1-2 versions stale,
   * and at 1e-3 the policy moved so far per update that stale, truncated-ratio updates collapsed
   * pass@1 runs of the interference demo (batch reward 0.8 to 0.05).
   */
  @WithDefault("3e-4")
  double learningRate();

  /** Evaluate on the held-out set every this many steps; 0: never. */
  @WithDefault("0")
  int evalInterval();

  /** Held-out prompts per evaluation. */
  @WithDefault("32")
  int evalPrompts();

  /** Samples per held-out prompt (n of the unbiased pass@k estimates). */
  @WithDefault("8")
  int evalSamples();

  /** The k of the held-out pass@k estimates (each at most eval-samples). */
  @WithDefault("1,2,4,8")
  List<Integer> evalKs();

  /** Save a checkpoint and announce a policy version every this many steps (and after the last step). */
  @WithDefault("5")
  int checkpointInterval();

  /** Drop groups sampled more than this many policy versions (learner steps) ago. */
  @WithDefault("8")
  int maxStaleness();

  /** Truncated importance ratio cap min(cap, pi/pi_old) per sample; <= 0 disables the correction. */
  @WithDefault("2.0")
  double importanceRatioCap();

  /** Most prompts dispatched and not yet trained; absent: 2 B. */
  Optional<Integer> maxInFlight();

  /** Re-dispatch (attempt + 1) a prompt whose scored group has not arrived within this time. */
  @WithDefault("300s")
  Duration redispatchTimeout();

  /** Seed of the prompt stream, the warm-start and the evaluations. */
  @WithDefault("0")
  long seed();

  /**
   * Where checkpoints ({@code <dir>/<run id>/checkpoints}), the policy store and the warm-start
   * cache live; a restart with the same dir and run id resumes. Set it for any run worth keeping.
   */
  @WithDefault("${java.io.tmpdir}/passk-learner-state")
  String stateDir();

  /** Supervised warm-start steps of the tiny default before RL (version 0); 0: random weights. */
  @WithDefault("0")
  int warmStartSteps();

  /** DJL device: {@code cpu}, {@code gpu}, {@code gpu0}... */
  @WithDefault("cpu")
  String device();

  /** Temperature of the held-out evaluation's sampling (match the samplers'). */
  @WithDefault("1.0")
  double evalTemperature();

  /** Longest completion of the held-out evaluation, in tokens. */
  @WithDefault("16")
  int evalMaxTokens();

  /** Compute the interference report every step (costs per-sample gradients). */
  @WithDefault("true")
  boolean diagnostics();

  /** Policy versions whose zipped checkpoint is at most this many bytes travel inline in the record. */
  @WithDefault("16777216")
  int inlineCheckpointMaxBytes();
}
