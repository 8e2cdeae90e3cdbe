package dev.passk.sampler;

import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.Rollout;
import dev.passk.service.ReplicaId;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes channel {@code prompts} (topic {@code prompts}) one poll at a time, raw bytes, and
 * publishes one record per prompt on channel {@code rollouts} (topic {@code rollouts}, key: prompt
 * id) and one per rejected record on {@code dead-letter} (topic {@code dead-letter.sampler}).
 *
 * <p>Delivery: a poll is acknowledged (its offsets become committable) only after the broker
 * has every rollout and dead letter it produced: at-least-once; downstream de-duplicates on
 * (runId, promptId, attempt, sampleIndex). The broker's acknowledgements of one poll are awaited
 * while the next poll samples (at most one poll in flight). A failure to publish nacks the poll,
 * which fails the channel (health DOWN) rather than skipping records. Backpressure: one poll is
 * sampled at a time and the connector pauses the consumer once
 * {@code max.poll.records x max-queue-size-factor} records wait.
 */
@ApplicationScoped
public class PromptSampler {

  @Channel("rollouts")
  MutinyEmitter<Rollout> rollouts;

  private final PromptBatchProcessor processor;
  private final ExecutorService workers;
  private final DeadLetterPublisher deadLetters;
  private final SamplerMetrics metrics;
  /** The broker acknowledgements of the previous poll's records; the next poll waits for them. */
  private volatile CompletableFuture<Void> previousPoll = CompletableFuture.completedFuture(null);

  PromptSampler(PolicyHolder holder, SamplerSettings settings, DeadLetterPublisher deadLetters,
      SamplerMetrics metrics) {
    this.workers = SamplingWorkers.start(settings.threads());
    this.processor = new PromptBatchProcessor(holder.slot(),
        new RolloutSampling(settings.sampling(), settings.seed(), ReplicaId.get()),
        new PromptCheck(settings.maxSamples(), settings.maxPromptChars()),
        settings.batchTokens(), settings.maxStaleness(), settings.versionWait(), workers);
    this.deadLetters = deadLetters;
    this.metrics = metrics;
  }

  @Incoming("prompts")
  @Blocking
  public CompletionStage<Void> sample(KafkaRecordBatch<byte[], byte[]> batch) throws InterruptedException {
    long t0 = System.nanoTime();
    List<SourceRecord> sources = new ArrayList<>(batch.getRecords().size());
    for (KafkaRecord<byte[], byte[]> r : batch.getRecords()) {
      IncomingKafkaRecordMetadata<?, ?> at = r.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
      sources.add(new SourceRecord(at.getTopic(), at.getPartition(), at.getOffset(), r.getKey(), r.getPayload()));
    }
    PromptBatchProcessor.Outcome outcome = processor.process(sources);
    previousPoll.join(); // at most one poll's records in flight to the broker
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (Rollout rollout : outcome.rollouts()) {
      Message<Rollout> message = Message.of(rollout).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
          .withKey(rollout.getPrompt().getPromptId()).build());
      sent.add(rollouts.sendMessage(message).subscribeAsCompletionStage());
    }
    for (DeadLetter letter : outcome.deadLetters()) {
      sent.add(deadLetters.publish(letter));
    }
    metrics.polled(outcome.sampledTokens(), outcome.rollouts().size(), Duration.ofNanos(System.nanoTime() - t0),
        outcome.microBatchTimes());
    previousPoll = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .whenComplete((done, failure) -> {
          if (failure == null) {
            batch.ack();
          } else {
            batch.nack(failure);
          }
        });
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Lets running micro-batches finish (never interrupts them: an interrupted batch must not be
   * dead-lettered); a poll that cannot finish is not acknowledged and is redelivered.
   */
  @PreDestroy
  void close() throws InterruptedException {
    workers.shutdown();
    workers.awaitTermination(10, TimeUnit.SECONDS);
  }
}
