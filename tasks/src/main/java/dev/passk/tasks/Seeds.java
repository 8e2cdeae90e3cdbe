package dev.passk.tasks;

import java.util.SplittableRandom;

/** Per-prompt random generators derived from a stream seed. */
final class Seeds {

  private Seeds() {}

  /**
   * A generator for prompt {@code index} of stream {@code seed}: independent across indices and
   * reproducible on every JVM ({@link SplittableRandom}'s algorithm is specified).
   */
  static SplittableRandom forPrompt(long seed, long index) {
    return new SplittableRandom(mix(mix(seed) + index));
  }

  /** SplitMix64's finaliser: a bijection that spreads nearby inputs apart. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
