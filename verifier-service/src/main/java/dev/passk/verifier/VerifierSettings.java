package dev.passk.verifier;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@code passk.verifier.*}: limits of every verifier, per-verifier options, and the replica's Kafka identity. */
@ConfigMapping(prefix = "passk.verifier")
public interface VerifierSettings {

  /** Longest a verifier may take on one completion before its result is TIMEOUT. */
  @WithDefault("10s")
  Duration timeLimit();

  /** Completions verified at once per verifier name. */
  @WithDefault("4")
  int maxConcurrent();

  /**
   * Options by verifier name, e.g. {@code passk.verifier.options.numeric.tolerance=1e-6}; a
   * verifier given here but not found on the class path fails the start listing the valid names.
   */
  Map<String, Map<String, String>> options();

  /**
   * A name for this replica that survives its restarts (e.g. a StatefulSet pod name), env
   * {@code PASSK_VERIFIER_REPLICA_ID}. It becomes the Kafka transactional id and static group member
   * id: a restarted replica at once aborts the transaction its crashed predecessor left open and
   * takes back its partitions. Without it each start is a new member with a new transactional id,
   * and a crash leaves its partitions idle until the session and transaction timeouts pass.
   * Two live replicas must never share one.
   */
  Optional<String> replicaId();

  /** Consumer group of all verifier replicas: each replica scores a share of the partitions. */
  @WithDefault("passk-verifier")
  String groupId();

  /**
   * Most rollouts consumed, scored and committed in one Kafka transaction. Each transaction costs a
   * few broker round trips, so fast verifiers gain from large batches (math-answer, 8 completions:
   * about 4x the rollouts/s at 128 than at 32 in VerifierServiceBenchmark); slow ones need small ones:
   * a batch's completions queue for {@code max-concurrent} slots, and one waiting longer than the
   * queue wait (the larger of 60 s and 10 time limits) is scored TIMEOUT.
   */
  @WithDefault("32")
  int maxBatch();
}
