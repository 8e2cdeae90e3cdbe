package dev.passk.sampler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code passk.sampler.*}: which policy to serve, where, and how to sample. */
@ConfigMapping(prefix = "passk.sampler")
public interface SamplerSettings {

  /**
   * Checkpoint folder to start from (config.json, model.safetensors, tokenizer.json). Absent: the
   * tiny default model with random weights from {@link #seed()}, until a policy version arrives.
   */
  Optional<String> checkpoint();

  /** DJL device: {@code cpu}, or {@code gpu} / {@code gpu0} where a CUDA libtorch is installed. */
  @WithDefault("cpu")
  String device();

  /** Softmax temperature; 0 is greedy. */
  @WithDefault("1.0")
  double temperature();

  /** Nucleus sampling mass. */
  @WithDefault("1.0")
  double topP();

  /** Longest completion in tokens. */
  @WithDefault("16")
  int maxNewTokens();

  /** Seed of the starting weights and of every prompt's sampling stream. */
  @WithDefault("0")
  long seed();
}
