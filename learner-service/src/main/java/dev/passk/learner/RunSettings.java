package dev.passk.learner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code passk.run.*}: what the run dispatches and how its results are grouped. */
@ConfigMapping(prefix = "passk.run")
public interface RunSettings {

  /** Run id stamped on every record; absent: a fresh one per start. */
  Optional<String> id();

  /** Task the prompts come from, by name (see the tasks module's TaskCatalog). */
  @WithDefault("addition")
  String task();

  /** How many prompts to dispatch. */
  @WithDefault("1")
  int prompts();

  /** n: completions sampled per prompt. */
  @WithDefault("4")
  int samples();

  /** k of the pass@k estimates reported per group. */
  @WithDefault("2")
  int k();

  /** Seed of the prompt stream. */
  @WithDefault("0")
  long seed();
}
