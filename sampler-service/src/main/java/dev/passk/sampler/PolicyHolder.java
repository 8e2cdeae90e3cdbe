package dev.passk.sampler;

import ai.djl.Device;
import dev.passk.policy.CheckpointArchive;
import dev.passk.policy.Policy;
import dev.passk.schemas.DeadLetter;
import dev.passk.schemas.kafka.Topic;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Owns the policy this replica samples from: loads the start policy, follows
 * {@code policy-versions} on its own thread ({@link VersionFollower}) and swaps newer versions into
 * the {@link PolicySlot}; refused checkpoints go to the dead-letter topic and into health.
 */
@Startup
@ApplicationScoped
public class PolicyHolder implements VersionFollower.Listener {

  private static final Logger LOG = Logger.getLogger(PolicyHolder.class);

  /** The latest refused announcement, for the health check. */
  public record Rejection(PolicyIdentity kept, String reason, long atMillis) {}

  private final PolicySlot slot;
  private final VersionFollower follower;
  private final Thread followerThread;
  private final DeadLetterPublisher deadLetters;
  private final SamplerMetrics metrics;
  private final AtomicReference<Rejection> lastRejection = new AtomicReference<>();

  PolicyHolder(SamplerSettings settings, DeadLetterPublisher deadLetters, SamplerMetrics metrics,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    Device device = Device.fromName(settings.device());
    this.slot = new PolicySlot(startPolicy(settings, device), startIdentity(settings));
    Path workDir = settings.checkpointWorkDir().map(Path::of)
        .orElse(Path.of(System.getProperty("java.io.tmpdir"), "passk-sampler-checkpoints"));
    this.follower = new VersionFollower(bootstrapServers, Topic.POLICY_VERSIONS.topicName(), slot,
        new CheckpointLoader(workDir, device), settings.runId(), this);
    this.followerThread = new Thread(follower, "passk-policy-versions");
    followerThread.setDaemon(true);
    followerThread.start();
    LOG.infof("serving the start policy (%s) on %s; following %s%s", slot.identity(), device,
        Topic.POLICY_VERSIONS.topicName(), settings.runId().map(r -> " of run " + r).orElse(""));
  }

  private static Policy startPolicy(SamplerSettings settings, Device device) {
    try {
      return settings.checkpoint().isPresent()
          ? Policy.load(Path.of(settings.checkpoint().get()), device)
          : Policy.tiny(settings.seed(), device);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the policy checkpoint "
          + settings.checkpoint().orElse("(tiny default)") + ": " + e.getMessage(), e);
    }
  }

  private static PolicyIdentity startIdentity(SamplerSettings settings) {
    try {
      return PolicyIdentity.start(settings.checkpoint().isPresent()
          ? Optional.of(CheckpointArchive.sha256(Path.of(settings.checkpoint().get())))
          : Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public PolicySlot slot() {
    return slot;
  }

  /** Whether the announcements present at start were read, so the first prompts see the right version. */
  public boolean caughtUp() {
    return follower.caughtUp();
  }

  public Optional<Rejection> lastRejection() {
    return Optional.ofNullable(lastRejection.get());
  }

  @Override
  public void swapped(PolicyIdentity from, PolicyIdentity to) {
    metrics.swapped();
    metrics.serving(to.version());
  }

  @Override
  public void rejected(PolicyIdentity kept, DeadLetter deadLetter) {
    metrics.rejected();
    lastRejection.set(new Rejection(kept, deadLetter.getReason(), deadLetter.getFailedAtMillis()));
    deadLetters.publish(deadLetter).exceptionally(e -> {
      LOG.errorf(e, "could not dead-letter a refused policy announcement: %s", deadLetter.getReason());
      return null;
    });
  }

  @PreDestroy
  void close() throws InterruptedException {
    follower.stop();
    followerThread.join(5_000);
    slot.close();
  }
}
