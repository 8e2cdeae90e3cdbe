package dev.passk.cli.bench;

import ai.djl.Device;
import dev.passk.tasks.Task;
import dev.passk.tasks.TaskCatalog;
import dev.passk.training.WarmStartedPolicy;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The learner workload the demo runs, shared by the benchmark sections that time learner steps: the
 * interference benchmark from the tiny policy warm-started 300 steps (seed 1), B = 16 prompts of
 * n = 16 samples, pass@8 with the pkpo-loo1 estimator.
 */
final class InterferenceWorkload {

  static final String TASK = "interference";
  static final int PROMPTS = 16;
  static final int SAMPLES = 16;
  static final int K = 8;
  static final int WARM_START_STEPS = 300;
  static final long SEED = 1;

  private InterferenceWorkload() {}

  static Task task() {
    return TaskCatalog.create(TASK);
  }

  /** The learner's state folder for benchmark runs; its warm-start cache is the one the learner uses. */
  static Path stateDir(BenchSettings settings) {
    return settings.workDir().resolve("bench-state");
  }

  /** The warm-started checkpoint, from the cache the learner-service also reads (state dir/warm-start). */
  static Path warmStarted(BenchSettings settings) throws IOException {
    return WarmStartedPolicy.obtain(stateDir(settings).resolve("warm-start"), task(), WARM_START_STEPS, SEED,
        Device.cpu());
  }

  /** The verifiers as verifier-service configures them by default. */
  static VerifierCatalog verifiers() {
    return new VerifierCatalog(VerifierRegistry.load(), Map.of(),
        BoundedVerifier.Limits.of(Duration.ofSeconds(10), 2));
  }
}
