package dev.passk.cli.bench;

/**
 * The scaling estimate on paper: how many sampler and verifier replicas a learner of a given step
 * time keeps busy, from per-stage costs measured on one worker (one core) for one learner step's
 * worth of work (B prompts x n samples). With T_s the seconds one sampler worker takes to sample a
 * step, T_v the seconds one verifier worker takes to verify it and T_L the learner's step time, in
 * steady state (stages pipelined, each replica working on a different step's prompts):
 *
 * <pre>
 *   sampler replicas   R_s = max(1, ceil(T_s / T_L))
 *   verifier replicas  R_v = max(1, ceil(T_v / T_L))
 *   cores              C   = 1 + R_s + R_v          (the learner's own core, or the core driving its GPU)
 *   steps/s            S   = min(1 / T_L, R_s / T_s, R_v / T_v)   (= 1 / T_L with the replicas above)
 *   completions/s          = S * B * n
 *   learner wire share     = T_La / T_L             (T_La: the learner's own Avro work a step)
 *   a learner k times faster at computing: T_L(k) = (T_L - T_La) / k + T_La   (Avro stays on its CPU)
 * </pre>
 *
 * @param samplingSeconds T_s
 * @param verifyingSeconds T_v
 * @param learnerAvroSeconds T_La, the learner's Avro encoding and decoding of one step's records
 * @param completionsPerStep B x n
 */
record ScalingEstimate(double samplingSeconds, double verifyingSeconds, double learnerAvroSeconds,
    int completionsPerStep) {

  /**
   * Measured ratios within this relative distance below an integer count as that integer, so a
   * quotient such as 2.2 / 0.1 = 22.000000000000004 asks for 22 replicas, not 23.
   */
  private static final double CEIL_TOLERANCE = 1e-9;

  ScalingEstimate {
    if (!(samplingSeconds > 0) || !(verifyingSeconds > 0) || !(learnerAvroSeconds >= 0) || completionsPerStep < 1) {
      throw new IllegalArgumentException("stage costs must be positive and a step must have completions, got "
          + "sampling " + samplingSeconds + " s, verifying " + verifyingSeconds + " s, learner Avro "
          + learnerAvroSeconds + " s, " + completionsPerStep + " completions a step");
    }
  }

  /** What a learner of step time {@code learnerSeconds} (its Avro work included) needs and delivers. */
  Plan plan(double learnerSeconds) {
    if (!(learnerSeconds > learnerAvroSeconds)) {
      throw new IllegalArgumentException("the learner's step time (" + learnerSeconds + " s) must exceed its "
          + "Avro work (" + learnerAvroSeconds + " s)");
    }
    int samplers = replicas(samplingSeconds, learnerSeconds);
    int verifiers = replicas(verifyingSeconds, learnerSeconds);
    double stepsPerSecond = stepsPerSecond(learnerSeconds, samplers, verifiers);
    return new Plan(learnerSeconds, samplers, verifiers, 1 + samplers + verifiers, stepsPerSecond,
        stepsPerSecond * completionsPerStep, learnerAvroSeconds / learnerSeconds);
  }

  /** T_L(k) = (T_L - T_La) / k + T_La: the measured learner's compute k times faster, its Avro not. */
  double fasterLearner(double measuredLearnerSeconds, double k) {
    return (measuredLearnerSeconds - learnerAvroSeconds) / k + learnerAvroSeconds;
  }

  /** S = min(1 / T_L, R_s / T_s, R_v / T_v): the slowest stage sets the pace. */
  double stepsPerSecond(double learnerSeconds, int samplers, int verifiers) {
    return Math.min(1 / learnerSeconds, Math.min(samplers / samplingSeconds, verifiers / verifyingSeconds));
  }

  /** max(1, ceil(stage / learner)): a stage needs a replica even when it is much faster than the learner. */
  static int replicas(double stageSeconds, double learnerSeconds) {
    return Math.max(1, (int) Math.ceil(stageSeconds / learnerSeconds * (1 - CEIL_TOLERANCE)));
  }

  /**
   * @param learnerSeconds T_L
   * @param samplers R_s
   * @param verifiers R_v
   * @param cores C
   * @param stepsPerSecond S with R_s and R_v
   * @param completionsPerSecond S x B x n
   * @param wireShare T_La / T_L
   */
  record Plan(double learnerSeconds, int samplers, int verifiers, int cores, double stepsPerSecond,
      double completionsPerSecond, double wireShare) {}
}
