package dev.passk.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.cli.pipeline.ServiceProcess;
import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.LearnerMetrics;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The end-of-run audit of a learner run against what the broker saw: the learner's ledger
 * ({@code GET /learner/ledger}), the run's lineage (the last metrics record of each step, since a
 * restart redoes the steps after its checkpoint) and every prompt dispatched on {@code prompts}.
 *
 * <p>A prompt is lost when it was dispatched but is neither trained nor still in flight; a group is
 * double-counted when the lineage trained more groups than the ledger has distinct trained prompts.
 */
record LedgerAudit(JsonNode ledger, TreeMap<Long, LearnerMetrics> lineage, long metricsRecords,
    Set<String> trained, Set<String> inFlight, Set<String> dispatched, Set<String> lost, long doubleCounted,
    Set<String> beyondNextIndex) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Audits the run {@code runId} given the learner's final ledger. */
  static LedgerAudit of(String bootstrap, String runId, JsonNode ledger) {
    return of(bootstrap, runId, ledger, TopicProbe.await(bootstrap, Topic.PROMPTS.topicName(),
            (Prompt p) -> p.getRunId().equals(runId), Integer.MAX_VALUE, Duration.ofSeconds(5))
        .stream().map(Prompt::getPromptId).collect(Collectors.toSet()));
  }

  /**
   * Audits the run given the learner's final ledger and the ids of the prompts it dispatched, for a
   * caller that reads {@code prompts} itself (say because the topic also holds records that are not
   * Prompts, which {@link TopicProbe} cannot read).
   */
  static LedgerAudit of(String bootstrap, String runId, JsonNode ledger, Set<String> dispatched) {
    List<LearnerMetrics> metrics = TopicProbe.await(bootstrap, Topic.METRICS.topicName(),
        (LearnerMetrics m) -> m.getRunId().equals(runId), Integer.MAX_VALUE, Duration.ofSeconds(5));
    TreeMap<Long, LearnerMetrics> lineage = new TreeMap<>();
    metrics.forEach(m -> lineage.put(m.getStep(), m));
    int trainedInLineage = lineage.values().stream().mapToInt(m -> m.getSuccessRates().size()).sum();
    Set<String> trained = new HashSet<>();
    ledger.get("trained").forEach(id -> trained.add(id.asText()));
    Set<String> inFlight = new HashSet<>();
    ledger.get("inFlight").fieldNames().forEachRemaining(inFlight::add);
    Set<String> lost = dispatched.stream().filter(id -> !trained.contains(id) && !inFlight.contains(id))
        .collect(Collectors.toSet());
    long nextIndex = ledger.get("nextPromptIndex").asLong();
    Set<String> beyond = dispatched.stream().filter(id -> promptIndex(id) >= nextIndex).collect(Collectors.toSet());
    return new LedgerAudit(ledger, lineage, metrics.size(), trained, inFlight, dispatched, lost,
        trainedInLineage - trained.size(), beyond);
  }

  long nextPromptIndex() {
    return ledger.get("nextPromptIndex").asLong();
  }

  /** Steps done more than once (published again after a restart went back to a checkpoint). */
  long redoneSteps() {
    return metricsRecords - lineage.size();
  }

  String summary() {
    return String.format("ledger: %d steps (%d redone after restarts), resumed last from step %d, %d groups trained, "
            + "%d prompts dispatched (next index %d), %d in flight, %d lost, %d double-counted", lineage.size(),
        redoneSteps(), ledger.get("resumedFromStep").asLong(), trained.size(), dispatched.size(), nextPromptIndex(),
        inFlight.size(), lost.size(), doubleCounted);
  }

  /** The prompt's index in the run: prompt ids end in {@code @<index>}. */
  static long promptIndex(String promptId) {
    return Long.parseLong(promptId.substring(promptId.lastIndexOf('@') + 1));
  }

  /** The learner's ledger now, or empty while it has none or does not answer (starting, killed). */
  static Optional<JsonNode> ledger(ServiceProcess learner) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(learner.baseUrl() + "/learner/ledger"))
        .timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException notAnswering) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Dead letters on each dead-letter topic (all runs'), in topic order. */
  static Map<String, Integer> deadLetters(String bootstrap) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Topic topic : List.of(Topic.DEAD_LETTER_SAMPLER, Topic.DEAD_LETTER_VERIFIER, Topic.DEAD_LETTER_LEARNER)) {
      counts.put(topic.topicName(), TopicProbe.await(bootstrap, topic.topicName(), (DeadLetter d) -> true,
          Integer.MAX_VALUE, Duration.ofSeconds(2)).size());
    }
    return counts;
  }
}
