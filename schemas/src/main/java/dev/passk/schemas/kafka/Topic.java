package dev.passk.schemas.kafka;

import java.util.Map;

/**
 * The topics of the pipeline with their default layout. Partition counts bound how many replicas
 * of a consumer group can share the load (a replica beyond the partition count idles).
 */
public enum Topic {
  /** Learner -> samplers. Key: promptId. */
  PROMPTS("prompts", 12, Limits.RECORD),
  /** Samplers -> verifiers. Key: promptId. */
  ROLLOUTS("rollouts", 12, Limits.RECORD),
  /** Verifiers -> learner. Key: promptId. */
  SCORED_ROLLOUTS("scored-rollouts", 12, Limits.RECORD),
  /** Learner -> samplers. Key: runId. One partition keeps versions in order. */
  POLICY_VERSIONS("policy-versions", 1, Limits.CHECKPOINT),
  /** Learner -> dashboards and reports. Key: runId. */
  METRICS("metrics", 1, Limits.RECORD),
  /** Records the sampler could not process, with the reason. */
  DEAD_LETTER_SAMPLER("dead-letter.sampler", 1, Limits.CHECKPOINT),
  /** Records the verifier could not process, with the reason. */
  DEAD_LETTER_VERIFIER("dead-letter.verifier", 1, Limits.RECORD),
  /** Records the learner could not process, with the reason. */
  DEAD_LETTER_LEARNER("dead-letter.learner", 1, Limits.RECORD);

  /** Largest record sizes the topics accept. */
  public static final class Limits {
    /** Prompts, rollouts, metrics: 8 MiB covers n = 4096 completions of 256 tokens. */
    public static final int RECORD = 8 << 20;
    /** Policy versions may carry a checkpoint inline: 64 MiB. */
    public static final int CHECKPOINT = 64 << 20;

    private Limits() {}
  }

  private final String topicName;
  private final int partitions;
  private final int maxMessageBytes;

  Topic(String topicName, int partitions, int maxMessageBytes) {
    this.topicName = topicName;
    this.partitions = partitions;
    this.maxMessageBytes = maxMessageBytes;
  }

  public String topicName() {
    return topicName;
  }

  public int partitions() {
    return partitions;
  }

  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** Topic-level configuration given at creation. */
  public Map<String, String> config() {
    return Map.of("max.message.bytes", Integer.toString(maxMessageBytes));
  }
}
