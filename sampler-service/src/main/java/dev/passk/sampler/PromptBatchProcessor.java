package dev.passk.sampler;

import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.Prompt;
import dev.passk.schemas.Rollout;
import dev.passk.schemas.kafka.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns one poll of {@code prompts} records into rollouts and dead letters, without Kafka: decodes
 * and checks every record, packs the good prompts into micro-batches within the token budget, and
 * samples them on the worker threads with one lease of the served policy. A prompt that needs a
 * newer policy than the served one waits for the swap (up to the version wait), then is sampled
 * under the new lease or dead-lettered. Every input record ends as exactly one rollout or one dead
 * letter.
 */
public final class PromptBatchProcessor {

  /** What one poll produced. */
  public record Outcome(List<Rollout> rollouts, List<DeadLetter> deadLetters, long sampledTokens,
      List<Duration> microBatchTimes) {}

  private record Pending(SourceRecord source, Prompt prompt) {}

  private final PolicySlot slot;
  private final RolloutSampling sampling;
  private final PromptCheck check;
  private final long batchTokens;
  private final long maxStaleness;
  private final Duration versionWait;
  private final ExecutorService workers;
  private final AvroDeserializer deserializer = new AvroDeserializer();

  public PromptBatchProcessor(PolicySlot slot, RolloutSampling sampling, PromptCheck check,
      long batchTokens, long maxStaleness, Duration versionWait, ExecutorService workers) {
    this.slot = slot;
    this.sampling = sampling;
    this.check = check;
    this.batchTokens = batchTokens;
    this.maxStaleness = maxStaleness;
    this.versionWait = versionWait;
    this.workers = workers;
  }

  public Outcome process(List<SourceRecord> records) throws InterruptedException {
    List<DeadLetter> dead = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    for (SourceRecord record : records) {
      decode(record, pending, dead);
    }
    List<Rollout> rollouts = new ArrayList<>();
    List<Duration> microBatchTimes = new ArrayList<>();
    long deadline = System.nanoTime() + versionWait.toNanos();
    while (!pending.isEmpty()) {
      List<Pending> waiting = new ArrayList<>();
      PolicyIdentity used;
      try (PolicySlot.Lease lease = slot.lease()) {
        used = lease.identity();
        List<Pending> eligible = new ArrayList<>();
        Map<Pending, Long> cost = new IdentityHashMap<>();
        for (Pending p : pending) {
          if (!VersionRules.serves(used, p.prompt(), maxStaleness)) {
            waiting.add(p);
            continue;
          }
          int tokens = lease.policy().tokenizer().encodePrompt(p.prompt().getText()).length;
          int context = lease.policy().config().maxPositions();
          if (tokens >= context) {
            dead.add(p.source().deadLetter("oversized prompt: " + tokens + " tokens, the policy's "
                + "context is " + context + " tokens (prompt plus completion must fit)", null));
            continue;
          }
          eligible.add(p);
          cost.put(p, sampling.cost(lease.policy(), p.prompt()));
        }
        List<List<Pending>> groups = MicroBatcher.pack(eligible, cost::get, batchTokens);
        List<Future<List<Rollout>>> futures = new ArrayList<>();
        for (List<Pending> group : groups) {
          List<Prompt> prompts = group.stream().map(Pending::prompt).toList();
          futures.add(workers.submit(() -> timed(() -> sampling.sample(lease, prompts), microBatchTimes)));
        }
        for (int g = 0; g < groups.size(); g++) {
          collect(futures.get(g), groups.get(g), rollouts, dead);
        }
      }
      pending = waiting;
      if (!pending.isEmpty() && !slot.awaitChange(used, deadline)) {
        for (Pending p : pending) {
          dead.add(p.source().deadLetter("prompt needs policy version >= "
              + (p.prompt().getMinPolicyVersion() - maxStaleness) + " of run " + p.prompt().getRunId()
              + " (minPolicyVersion " + p.prompt().getMinPolicyVersion() + ", passk.sampler.max-staleness "
              + maxStaleness + "); this sampler serves " + used + " and no newer version arrived within "
              + versionWait.toSeconds() + " s (passk.sampler.version-wait)", null));
        }
        pending = List.of();
      }
    }
    long tokens = rollouts.stream().flatMap(r -> r.getCompletions().stream())
        .mapToLong(c -> c.getTokenIds().size()).sum();
    return new Outcome(rollouts, dead, tokens, List.copyOf(microBatchTimes));
  }

  private void decode(SourceRecord record, List<Pending> pending, List<DeadLetter> dead) {
    SpecificRecord value;
    try {
      value = deserializer.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      dead.add(record.deadLetter("undecodable record: " + e.getMessage(), e.getClass()));
      return;
    }
    if (!(value instanceof Prompt prompt)) {
      dead.add(record.deadLetter(value == null ? "empty record (no value); expected a Prompt"
          : "a " + value.getSchema().getFullName() + " on a prompts topic; expected a Prompt", null));
      return;
    }
    check.problem(prompt).ifPresentOrElse(
        reason -> dead.add(record.deadLetter(reason, null)),
        () -> pending.add(new Pending(record, prompt)));
  }

  private static List<Rollout> timed(java.util.function.Supplier<List<Rollout>> work, List<Duration> times) {
    long t0 = System.nanoTime();
    List<Rollout> rollouts = work.get();
    synchronized (times) {
      times.add(Duration.ofNanos(System.nanoTime() - t0));
    }
    return rollouts;
  }

  private static void collect(Future<List<Rollout>> future, List<Pending> group, List<Rollout> rollouts,
      List<DeadLetter> dead) throws InterruptedException {
    try {
      rollouts.addAll(future.get());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      for (Pending p : group) {
        dead.add(p.source().deadLetter("sampling failed for the micro-batch holding this prompt: "
            + cause, cause.getClass()));
      }
    }
  }
}
