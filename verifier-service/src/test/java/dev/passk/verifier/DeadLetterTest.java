package dev.passk.verifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passk.broker.TestKafka;
import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.ScoredRollout;
import dev.passk.schemas.kafka.AvroSerializer;
import dev.passk.schemas.kafka.Topic;
import dev.passk.schemas.kafka.TopicProbe;
import dev.passk.schemas.kafka.UnknownSchemaException;
import dev.passk.service.KafkaTestResource;
import dev.passk.verifiers.UnknownVerifierException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Records the service cannot score land in {@code dead-letter.verifier} verbatim, with where they
 * came from and why, and the service goes on to score the good rollout behind them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DeadLetterTest {

  private static final String BOOTSTRAP = TestKafka.bootstrapServers();

  private record Sent(byte[] value, long offset, int partition) {}

  @Test
  void badRecordsAreDeadLetteredWithTheirReasonAndTheGoodOneBehindThemIsScored() throws Exception {
    String key = "dlq-" + System.nanoTime();
    String runId = "dlq-run-" + System.nanoTime();
    AvroSerializer avro = new AvroSerializer();
    byte[] notAvro = "{\"prompt\": \"not avro\"}".getBytes(StandardCharsets.UTF_8);
    // Marker C3 01, then an 8-byte little-endian fingerprint no released schema has.
    byte[] unknownFingerprint = HexFormat.of().parseHex("c3010123456789abcdef0a0b0c");
    byte[] unknownVerifier = avro.serialize("rollouts",
        VerifierServiceTest.rollout(runId, key, "1", List.of("1"), "no-such-verifier"));
    byte[] wrongType = avro.serialize("rollouts", VerifierServiceTest.rollout(runId, key, "1", List.of("1")).getPrompt());
    byte[] good = avro.serialize("rollouts", VerifierServiceTest.rollout(runId, key, "7", List.of("7", "8")));

    // One key: one partition, so the good rollout is consumed after the four bad ones.
    List<Sent> sent = send(key, notAvro, unknownFingerprint, unknownVerifier, wrongType, good);

    List<DeadLetter> letters = TopicProbe.<DeadLetter>await(BOOTSTRAP, "dead-letter.verifier",
        d -> d.getKey() != null && StandardCharsets.UTF_8.decode(d.getKey().duplicate()).toString().equals(key),
        4, Duration.ofSeconds(60));
    assertEquals(4, letters.size(), "one dead letter per bad record: " + letters);
    letters.sort((a, b) -> Long.compare(a.getSourceOffset(), b.getSourceOffset()));
    expect(letters.get(0), sent.get(0), "is not Avro single-object encoded", SerializationException.class);
    expect(letters.get(1), sent.get(1), "Unknown Avro writer schema fingerprint efcdab8967452301",
        UnknownSchemaException.class);
    expect(letters.get(2), sent.get(2), "unknown verifier 'no-such-verifier'; valid verifiers: ",
        UnknownVerifierException.class);
    expect(letters.get(3), sent.get(3), "the value is a dev.passk.schemas.Prompt, not a dev.passk.schemas.Rollout",
        MalformedRolloutException.class);

    List<ScoredRollout> scored = TopicProbe.<ScoredRollout>await(BOOTSTRAP, "scored-rollouts",
        s -> s.getRollout().getPrompt().getRunId().equals(runId), 2, Duration.ofSeconds(30));
    assertEquals(1, scored.size(), "only the good rollout is scored, once");
    assertEquals(List.of(1.0, 0.0), scored.get(0).getScores().stream().map(s -> s.getReward()).toList());
  }

  @Test
  void aRolloutWhoseScoredRecordWouldBeOverTheTopicLimitIsDeadLetteredNotRetriedForever() throws Exception {
    String key = "dlq-big-" + System.nanoTime();
    String runId = "dlq-big-run-" + System.nanoTime();
    // The rollout fits the topics' 8 MiB; with its scores added it no longer would.
    String completion = "7" + " ".repeat(Topic.Limits.RECORD - 600);
    byte[] big = new AvroSerializer().serialize("rollouts", VerifierServiceTest.rollout(runId, key, "7", List.of(completion)));
    byte[] small = new AvroSerializer().serialize("rollouts", VerifierServiceTest.rollout(runId, key, "7", List.of("7")));
    List<Sent> sent = send(key, big, small);

    List<DeadLetter> letters = TopicProbe.<DeadLetter>await(BOOTSTRAP, "dead-letter.verifier",
        d -> d.getKey() != null && StandardCharsets.UTF_8.decode(d.getKey().duplicate()).toString().equals(key),
        1, Duration.ofSeconds(60));
    assertEquals(1, letters.size());
    assertEquals(sent.get(0).offset(), letters.get(0).getSourceOffset());
    assertTrue(letters.get(0).getReason().contains("bytes topic 'scored-rollouts' accepts"), letters.get(0).getReason());
    assertArrayEquals(big, bytes(letters.get(0).getValue()));
    List<ScoredRollout> scored = TopicProbe.<ScoredRollout>await(BOOTSTRAP, "scored-rollouts",
        s -> s.getRollout().getPrompt().getRunId().equals(runId), 1, Duration.ofSeconds(30));
    assertEquals(1, scored.get(0).getRollout().getCompletions().get(0).getText().length(), "the small one behind it is scored");
  }

  @Test
  void aBadRecordTooLargeToDeadLetterWholeIsDeadLetteredWithoutItsValueNotRetriedForever() throws Exception {
    String key = "dlq-limit-" + System.nanoTime();
    String runId = "dlq-limit-run-" + System.nanoTime();
    // Fits the topic's 8 MiB, but its dead letter (same limit) would not with the value, reason and headers added.
    byte[] poison = new byte[Topic.Limits.RECORD - 256];
    Arrays.fill(poison, (byte) 'x');
    byte[] small = new AvroSerializer().serialize("rollouts", VerifierServiceTest.rollout(runId, key, "7", List.of("7")));
    List<Sent> sent = send(key, poison, small);

    List<DeadLetter> letters = TopicProbe.<DeadLetter>await(BOOTSTRAP, "dead-letter.verifier",
        d -> d.getKey() != null && StandardCharsets.UTF_8.decode(d.getKey().duplicate()).toString().equals(key),
        1, Duration.ofSeconds(60));
    assertEquals(1, letters.size(), "the poison is dead-lettered");
    DeadLetter letter = letters.get(0);
    assertEquals(sent.get(0).offset(), letter.getSourceOffset());
    assertNull(letter.getValue(), "the value is left out");
    assertTrue(letter.getReason().startsWith("undecodable value: Record on topic 'rollouts' is not Avro"), letter.getReason());
    assertTrue(letter.getReason().endsWith("(the value, " + poison.length + " bytes, is not kept: with it the dead "
        + "letter would be over the " + Topic.Limits.RECORD + " bytes topic 'dead-letter.verifier' accepts)"),
        letter.getReason());
    List<ScoredRollout> scored = TopicProbe.<ScoredRollout>await(BOOTSTRAP, "scored-rollouts",
        s -> s.getRollout().getPrompt().getRunId().equals(runId), 1, Duration.ofSeconds(30));
    assertEquals(1, scored.size(), "the rollout behind it is scored");
  }

  private static void expect(DeadLetter letter, Sent source, String reason, Class<?> errorClass) {
    assertEquals("verifier", letter.getService());
    assertEquals("rollouts", letter.getSourceTopic());
    assertEquals(source.partition(), letter.getSourcePartition());
    assertEquals(source.offset(), letter.getSourceOffset());
    assertArrayEquals(source.value(), bytes(letter.getValue()), "the value is kept verbatim");
    assertTrue(letter.getReason().contains(reason), "reason '" + letter.getReason() + "' should contain '" + reason + "'");
    assertEquals(errorClass.getName(), letter.getErrorClass());
    assertTrue(letter.getFailedAtMillis() > 0);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static List<Sent> send(String key, byte[]... values) throws Exception {
    List<Sent> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * Topic.Limits.RECORD),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        var metadata = producer.send(new ProducerRecord<>("rollouts", key.getBytes(StandardCharsets.UTF_8), value))
            .get(30, TimeUnit.SECONDS);
        sent.add(new Sent(value, metadata.offset(), metadata.partition()));
      }
    }
    return sent;
  }
}
