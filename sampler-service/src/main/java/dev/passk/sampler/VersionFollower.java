package dev.passk.sampler;

import ai.djl.pytorch.jni.JniUtils;
import dev.passk.policy.Policy;
import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.PolicyVersion;
import dev.passk.schemas.kafka.AvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows {@code policy-versions} on its own thread with its own consumer (no group: every replica
 * reads every announcement). At start it reads back from the topic's end only as far as it needs
 * and loads only the announcement that wins there (see {@link #catchUp}); afterwards it takes each
 * newer announcement as it arrives. A checkpoint that fails its hash or does not load is
 * dead-lettered and reported, and the slot keeps serving the last good policy.
 */
public final class VersionFollower implements Runnable {

  private static final Logger LOG = Logger.getLogger(VersionFollower.class);
  /** Announcements read back from the end at start before reading further back (see {@link #catchUp}). */
  private static final long TAIL = 16;

  /** What the follower did, for dead letters, health and metrics. */
  public interface Listener {
    void swapped(PolicyIdentity from, PolicyIdentity to);

    void rejected(PolicyIdentity kept, DeadLetter deadLetter);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final PolicySlot slot;
  private final CheckpointLoader loader;
  private final Optional<String> followedRun;
  private final Listener listener;
  private final AvroDeserializer deserializer = new AvroDeserializer();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile boolean running = true;

  public VersionFollower(String bootstrapServers, String topic, PolicySlot slot, CheckpointLoader loader,
      Optional<String> followedRun, Listener listener) {
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 80 << 20,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 80 << 20,
        ConsumerConfig.CLIENT_ID_CONFIG, "passk-sampler-policy-versions-" + ProcessHandle.current().pid()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.slot = slot;
    this.loader = loader;
    this.followedRun = followedRun;
    this.listener = listener;
  }

  /** Whether the announcements present at start have been read (and the winner loaded or refused). */
  public boolean caughtUp() {
    return caughtUp.getCount() == 0;
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    JniUtils.setGradMode(false);
    try (consumer) {
      List<TopicPartition> partitions = awaitPartitions();
      consumer.assign(partitions);
      catchUp(consumer.endOffsets(partitions));
      caughtUp.countDown();
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          PolicyVersion announced = decode(source(r), true);
          if (announced != null && VersionRules.takes(slot.identity(), announced.getRunId(),
              announced.getVersion(), followedRun)) {
            apply(source(r), announced);
          }
        }
      }
    } catch (WakeupException | InterruptedException stopping) {
      // stop() was called
    } catch (RuntimeException e) {
      LOG.errorf(e, "the policy-versions follower stopped: no further policy versions will be loaded");
    }
  }

  /** Stops the loop and closes the consumer (from any thread). */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  private List<TopicPartition> awaitPartitions() throws InterruptedException {
    while (running) {
      try {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos != null && !infos.isEmpty()) {
          return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        }
      } catch (org.apache.kafka.common.errors.TimeoutException brokerNotReachableYet) {
        LOG.debugf("waiting for topic %s: %s", topic, brokerNotReachableYet.getMessage());
      }
      Thread.sleep(1_000);
    }
    throw new InterruptedException("stopped before topic " + topic + " existed");
  }

  /**
   * Applies the announcement that wins ({@link VersionRules#takes}, in log order) among the last
   * {@link #TAIL} records present at start; when none of them would be taken (all of runs this
   * sampler does not follow), among four times as many, and so on up to the whole log. A long run
   * announces thousands of checkpoints (each up to 64 MiB inline): a restarted sampler must not
   * read them all. The winner is the newest announcement of the newest (or followed) run, since a
   * later record of a run is its later announcement.
   */
  private void catchUp(Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> beginning = consumer.beginningOffsets(end.keySet());
    for (long window = TAIL; running; window *= 4) {
      Map<TopicPartition, Long> from = tailStarts(beginning, end, window);
      from.forEach(consumer::seek);
      Winner winner = new Winner(slot.identity());
      while (running && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        consumer.poll(Duration.ofMillis(500)).forEach(winner::offer);
      }
      boolean wholeLog = from.equals(beginning);
      if (winner.record != null || wholeLog) {
        LOG.infof("read the last %d policy announcements present at start%s; %s", winner.read,
            wholeLog ? " (all of them)" : "",
            winner.record == null ? "none newer than the start policy" : "loading " + winner.candidate);
        if (winner.record != null) {
          apply(source(winner.record), winner.announced);
        }
        return;
      }
    }
  }

  /** Per partition, where reading the last {@code window} records before {@code end} starts. */
  static Map<TopicPartition, Long> tailStarts(Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end,
      long window) {
    Map<TopicPartition, Long> from = new HashMap<>();
    end.forEach((partition, last) -> from.put(partition, Math.max(beginning.getOrDefault(partition, 0L), last - window)));
    return from;
  }

  /**
   * The announcement that wins among records offered in log order ({@link VersionRules#takes}
   * from the held identity); only the winning record is kept, not every record read.
   */
  private final class Winner {
    private PolicyIdentity candidate;
    private ConsumerRecord<byte[], byte[]> record;
    private PolicyVersion announced;
    private int read;

    Winner(PolicyIdentity held) {
      this.candidate = held;
    }

    void offer(ConsumerRecord<byte[], byte[]> r) {
      read++;
      PolicyVersion decoded = decode(source(r), false);
      if (decoded != null && VersionRules.takes(candidate, decoded.getRunId(), decoded.getVersion(), followedRun)) {
        candidate = PolicyIdentity.announced(decoded.getRunId(), decoded.getVersion(), decoded.getSha256());
        record = r;
        announced = decoded;
      }
    }
  }

  private void apply(SourceRecord source, PolicyVersion announced) {
    PolicyIdentity kept = slot.identity();
    PolicyIdentity next = PolicyIdentity.announced(announced.getRunId(), announced.getVersion(),
        announced.getSha256());
    long t0 = System.nanoTime();
    Policy policy;
    try {
      policy = loader.load(announced);
    } catch (Exception e) {
      String reason = "policy " + next + " refused, still serving " + kept + ": " + e.getMessage();
      LOG.warn(reason);
      listener.rejected(kept, source.deadLetter(reason, e.getClass()));
      return;
    }
    slot.swap(policy, next);
    LOG.infof("now serving %s (was %s), loaded in %d ms", next, kept, (System.nanoTime() - t0) / 1_000_000);
    listener.swapped(kept, next);
  }

  /** The announcement in a record, or null (dead-lettered when {@code report}) when it is not one. */
  private PolicyVersion decode(SourceRecord source, boolean report) {
    String problem;
    Class<?> error = null;
    try {
      SpecificRecord value = deserializer.deserialize(source.topic(), source.value());
      if (value instanceof PolicyVersion announced) {
        return announced;
      }
      problem = value == null ? "empty record (no value); expected a PolicyVersion"
          : "a " + value.getSchema().getFullName() + " on " + source.topic() + "; expected a PolicyVersion";
    } catch (RuntimeException e) {
      problem = "undecodable policy announcement: " + e.getMessage();
      error = e.getClass();
    }
    if (report) {
      listener.rejected(slot.identity(), source.deadLetter(problem, error));
    } else {
      LOG.warnf("skipping record %s-%d@%d present at start: %s", source.topic(), source.partition(),
          source.offset(), problem);
    }
    return null;
  }

  private static SourceRecord source(ConsumerRecord<byte[], byte[]> r) {
    return new SourceRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value());
  }
}
