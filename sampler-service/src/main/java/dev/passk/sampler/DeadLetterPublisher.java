package dev.passk.sampler;

import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.kafka.DeadLetterEnvelope;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes dead letters on channel {@code dead-letter} (topic {@code dead-letter.sampler}), keyed
 * like the original record, with the {@link DeadLetterEnvelope#headers(DeadLetter) headers} every
 * service's dead letters carry.
 */
@ApplicationScoped
public class DeadLetterPublisher {

  private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

  @Channel("dead-letter")
  MutinyEmitter<DeadLetter> emitter;

  private final SamplerMetrics metrics;

  DeadLetterPublisher(SamplerMetrics metrics) {
    this.metrics = metrics;
  }

  /** Sends the dead letter; the future completes when the broker has it. */
  public CompletableFuture<Void> publish(DeadLetter letter) {
    LOG.warnf("dead-lettering %s-%d@%d: %s", letter.getSourceTopic(), letter.getSourcePartition(),
        letter.getSourceOffset(), letter.getReason());
    metrics.deadLettered(letter.getSourceTopic());
    String key = letter.getKey() == null ? null
        : StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString();
    Message<DeadLetter> message = Message.of(letter).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
        .withKey(key).withHeaders(DeadLetterEnvelope.headers(letter)).build());
    return emitter.sendMessage(message).subscribeAsCompletionStage();
  }
}
