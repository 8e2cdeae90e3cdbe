package dev.passk.sampler;

import ai.djl.Device;
import dev.passk.policy.Policy;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Owns the policy this replica samples from and the version it serves; loads it at start. */
@Startup
@ApplicationScoped
public class PolicyHolder {

  private static final Logger LOG = Logger.getLogger(PolicyHolder.class);

  private final Policy policy;
  private final long version;

  PolicyHolder(SamplerSettings settings) {
    Device device = Device.fromName(settings.device());
    try {
      this.policy = settings.checkpoint().isPresent()
          ? Policy.load(Path.of(settings.checkpoint().get()), device)
          : Policy.tiny(settings.seed(), device);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the policy checkpoint "
          + settings.checkpoint().orElse("(tiny default)") + ": " + e.getMessage(), e);
    }
    this.version = 0;
    LOG.infof("serving policy version %d: %,d parameters on %s", version, policy.parameterCount(), device);
  }

  public Policy policy() {
    return policy;
  }

  public long version() {
    return version;
  }

  @PreDestroy
  void close() {
    policy.close();
  }
}
