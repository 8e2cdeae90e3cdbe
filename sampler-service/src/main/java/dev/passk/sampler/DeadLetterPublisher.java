package dev.passk.sampler;

import dev.passk.schemas.DeadLetter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes dead letters on channel {@code dead-letter} (topic {@code dead-letter.sampler}), keyed
 * like the original record, with the reason also in the headers {@code dead-letter-reason} and
 * {@code dead-letter-cause}.
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
    RecordHeaders headers = new RecordHeaders();
    headers.add("dead-letter-reason", letter.getReason().getBytes(StandardCharsets.UTF_8));
    headers.add("dead-letter-cause", letter.getErrorClass().getBytes(StandardCharsets.UTF_8));
    String key = letter.getKey() == null ? null
        : StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString();
    Message<DeadLetter> message = Message.of(letter).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
        .withKey(key).withHeaders(headers).build());
    return emitter.sendMessage(message).subscribeAsCompletionStage();
  }
}
