package dev.passk.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bounded soak {@code verify} runs: {@link SoakRun#run} for 2 minutes instead of 10, sampled
 * every 5 s, judged from the end of a 45 s warm-up against the long soak's limits; every service's
 * RSS and native memory stay flat.
 *
 * <p>It must be able to see the leak it exists for (AdamW temporaries in the trainer's long-lived
 * manager: +2.1 MiB of native memory a learner step, fixed in cf45691), so it also checks that the
 * learner did enough steps after the warm-up for that leak to pass the native limit (31; a run on
 * the loaded 2-core machine did 538).
 */
class SoakIT {

  private static final long MIB = 1 << 20;
  private static final Duration LENGTH = Duration.ofSeconds(120);
  private static final Duration WARMUP = Duration.ofSeconds(45);
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  /** The native memory a learner step leaked before cf45691: the leak this soak must catch. */
  private static final double KNOWN_LEAK_PER_STEP = 2.1 * MIB;

  @Test
  void memoryOfEveryServiceStaysFlatDuringALearnerRun() throws Exception {
    long t0 = System.nanoTime();
    SoakRun.Result result = SoakRun.run(LENGTH, WARMUP, INTERVAL, SoakRun.NATIVE_GROWTH_LIMIT,
        SoakRun.RSS_GROWTH_LIMIT, new PrintStream(System.out, true));
    System.out.printf("soak IT: %.0f s in all%n", (System.nanoTime() - t0) / 1e9);
    assertTrue(result.flat(), "memory grew: " + result.failures());
    assertTrue(result.stepsJudged() * KNOWN_LEAK_PER_STEP > SoakRun.NATIVE_GROWTH_LIMIT, "the learner did only "
        + result.stepsJudged() + " steps after the warm-up: too few for a leak of 2.1 MiB a step to pass the native"
        + " limit of " + SoakRun.NATIVE_GROWTH_LIMIT / MIB + " MiB; the machine is too slow for this bounded soak");
  }
}
