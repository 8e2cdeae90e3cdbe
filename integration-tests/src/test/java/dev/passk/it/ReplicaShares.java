package dev.passk.it;

import dev.passk.cli.pipeline.ServiceProcess;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which replica wrote each record: the services stamp what they write ({@code Rollout.samplerId},
 * {@code ScoredRollout.verifierId}) with their {@code host/pid} (service-common's ReplicaId), so a
 * record belongs to the replica whose JVM has that pid.
 */
final class ReplicaShares {

  /** Counted under this name: records no listed replica wrote. */
  static final String OTHER = "other";

  private ReplicaShares() {}

  /**
   * Records per replica name, in the order of {@code replicas} (each listed, 0 when it wrote none),
   * then {@value #OTHER} when some writer id matches no replica.
   */
  static Map<String, Long> count(List<ServiceProcess> replicas, Collection<String> writerIds) {
    Map<String, Long> counts = new LinkedHashMap<>();
    replicas.forEach(r -> counts.put(r.name(), 0L));
    for (String id : writerIds) {
      String writer = replicas.stream().filter(r -> id.endsWith("/" + r.pid())).map(ServiceProcess::name)
          .findFirst().orElse(OTHER);
      counts.merge(writer, 1L, Long::sum);
    }
    return counts;
  }
}
