package dev.passk.sampler;

import dev.passk.policy.SamplingSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code passk.sampler.*} (env {@code PASSK_SAMPLER_*}): which policy to serve, where, how to
 * sample, how large a micro-batch may grow and how stale a policy may be.
 */
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

  /** Sampling threads; each runs whole micro-batches and switches DJL grad mode off. */
  @WithDefault("1")
  int threads();

  /**
   * Token budget of one micro-batch: the sum over its prompts of samples x (prompt tokens +
   * max-new-tokens). Prompts are packed in arrival order up to it; a prompt that alone exceeds it
   * is sampled in a micro-batch of its own.
   */
  @WithDefault("16384")
  long batchTokens();

  /** Softmax temperature; 0 is greedy. */
  @WithDefault("1.0")
  double temperature();

  /** Nucleus sampling mass. */
  @WithDefault("1.0")
  double topP();

  /** Longest completion in tokens. */
  @WithDefault("16")
  int maxNewTokens();

  /** Seed of the starting weights and of every micro-batch's sampling stream. */
  @WithDefault("0")
  long seed();

  /** A prompt asking for more samples than this is dead-lettered as oversized. */
  @WithDefault("1024")
  int maxSamples();

  /** A prompt text longer than this (characters) is dead-lettered as oversized before tokenizing. */
  @WithDefault("8192")
  int maxPromptChars();

  /**
   * A prompt with minPolicyVersion m is sampled only by a policy of its run with version
   * {@code >= m - maxStaleness}; 0 means never by an older version.
   */
  @WithDefault("0")
  long maxStaleness();

  /** How long a prompt may wait for the policy version it needs before it is dead-lettered. */
  @WithDefault("30s")
  Duration versionWait();

  /** Follow only this run's policy versions; absent: the run of the latest announcement. */
  Optional<String> runId();

  /** Where inline checkpoints are unpacked (a fresh sub-folder each, deleted after loading). */
  Optional<String> checkpointWorkDir();

  /** The sampling parameters as the policy takes them. */
  default SamplingSettings sampling() {
    return new SamplingSettings(temperature(), topP(), maxNewTokens());
  }
}
