package dev.passk.cli.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./passk demo} runs: the interference benchmark from the warm-started tiny policy under
 * several objectives, one run after another on the same sampler and verifier. The settings are the
 * ones under which the in-process runs (training module, InterferenceTrainingTest) show the paper's
 * effect: pass@1 training raises pass@1, pass@8 training raises pass@8 and lowers pass@1.
 *
 * @param objectives the runs, in order (pass1, passk, adaptive-k, projection)
 * @param steps learner steps per run
 * @param batchPrompts prompts per learner step (B)
 * @param evalInterval steps between held-out evaluations (steps is a multiple of it)
 * @param evalPrompts held-out prompts per evaluation
 */
public record DemoPlan(List<String> objectives, int steps, int batchPrompts, int evalInterval, int evalPrompts) {

  public static final String TASK = "interference";
  public static final int K = 8;
  /** Samples per prompt (n). */
  public static final int SAMPLES = 16;
  public static final int WARM_START_STEPS = 300;
  /**
   * AdamW step size. Not the in-process runs' 1e-3: over the pipeline a batch is sampled by a policy
   * 1-2 versions behind the learner, and at 1e-3 one or two updates moved the policy so far (mean
   * log importance ratio -3 to -6 on the stale samples) that a bad update went uncorrected until
   * its own samples came back; pass@1 runs collapsed from batch reward ~0.8 to ~0.05. At 3e-4 the
   * same runs stay stable and keep the effect (pass1 raises held-out pass@1, passk lowers it).
   */
  public static final String LEARNING_RATE = "3e-4";
  public static final List<String> ALL = List.of("pass1", "passk", "adaptive-k", "projection");

  public DemoPlan {
    objectives = List.copyOf(objectives);
    if (objectives.isEmpty() || !ALL.containsAll(objectives)) {
      throw new IllegalArgumentException("objectives must be among " + ALL + ", got " + objectives);
    }
    if (batchPrompts < 1) {
      throw new IllegalArgumentException("a step needs at least one prompt, got " + batchPrompts);
    }
    if (steps < 1 || evalInterval < 1 || steps % evalInterval != 0) {
      throw new IllegalArgumentException("steps (" + steps + ") must be a positive multiple of the "
          + "evaluation interval (" + evalInterval + ")");
    }
  }

  /**
   * Under 3 minutes on 2 cores: pass@1, pass@k and adaptive k, short runs (the direction of the
   * effect shows on pass@k; 20 steps are too few for a reliable pass@1 gain).
   */
  public static DemoPlan quick() {
    return new DemoPlan(List.of("pass1", "passk", "adaptive-k"), 20, 16, 10, 150);
  }

  /** Under 10 minutes on 2 cores: all four objectives, longer runs, larger batches and evaluation set. */
  public static DemoPlan standard() {
    return new DemoPlan(ALL, 60, 32, 20, 200);
  }

  public DemoPlan only(String objective) {
    return new DemoPlan(List.of(objective), steps, batchPrompts, evalInterval, evalPrompts);
  }

  /** The same plan for {@code newSteps} steps, evaluating every 10 steps or at the end when fewer. */
  public DemoPlan withSteps(int newSteps) {
    int interval = newSteps % evalInterval == 0 ? evalInterval : newSteps;
    return new DemoPlan(objectives, newSteps, batchPrompts, interval, evalPrompts);
  }

  /** The learner's PASSK_RUN_* environment for one run of this plan. */
  public Map<String, String> learnerEnv(String runId, String objective, String stateDir) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PASSK_RUN_ID", runId);
    env.put("PASSK_RUN_TASK", TASK);
    env.put("PASSK_RUN_OBJECTIVE", objective);
    env.put("PASSK_RUN_ESTIMATOR", "pkpo-loo1");
    env.put("PASSK_RUN_K", Integer.toString(K));
    env.put("PASSK_RUN_SAMPLES", Integer.toString(SAMPLES));
    env.put("PASSK_RUN_BATCH_PROMPTS", Integer.toString(batchPrompts));
    env.put("PASSK_RUN_STEPS", Integer.toString(steps));
    env.put("PASSK_RUN_LEARNING_RATE", LEARNING_RATE);
    env.put("PASSK_RUN_EVAL_INTERVAL", Integer.toString(evalInterval));
    env.put("PASSK_RUN_EVAL_PROMPTS", Integer.toString(evalPrompts));
    env.put("PASSK_RUN_EVAL_SAMPLES", Integer.toString(SAMPLES));
    env.put("PASSK_RUN_EVAL_KS", "1,2,4,8");
    env.put("PASSK_RUN_EVAL_MAX_TOKENS", "4");
    env.put("PASSK_RUN_CHECKPOINT_INTERVAL", "2");
    env.put("PASSK_RUN_WARM_START_STEPS", Integer.toString(WARM_START_STEPS));
    env.put("PASSK_RUN_SEED", "1");
    env.put("PASSK_RUN_STATE_DIR", stateDir);
    return env;
  }
}
