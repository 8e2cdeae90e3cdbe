package dev.passk.sampler;

import dev.passk.policy.Policy;
import java.util.concurrent.TimeUnit;

/**
 * The policy a sampler currently serves, swapped in whole when a new version arrives. Work takes a
 * {@link Lease} and samples with the leased policy until it closes the lease, so a swap never
 * changes the weights under a running micro-batch: the replaced policy is closed when its last lease
 * closes, and everything sampled under a lease is tagged with that lease's identity.
 */
public final class PolicySlot implements AutoCloseable {

  private Served current;

  public PolicySlot(Policy start, PolicyIdentity identity) {
    this.current = new Served(start, identity);
  }

  /** The policy served now; close the lease when the work that uses it is done. */
  public synchronized Lease lease() {
    if (current == null) {
      throw new IllegalStateException("the policy slot is closed");
    }
    current.users++;
    return new Lease(current);
  }

  /** Serves {@code next} from now on; the previous policy closes once no lease holds it. */
  public synchronized void swap(Policy next, PolicyIdentity identity) {
    if (current == null) {
      next.close();
      throw new IllegalStateException("the policy slot is closed");
    }
    retire(current);
    current = new Served(next, identity);
    notifyAll();
  }

  public synchronized PolicyIdentity identity() {
    return current == null ? null : current.identity;
  }

  /**
   * Waits until the served policy is no longer {@code seen} or {@code deadlineNanos} (of
   * {@link System#nanoTime()}) passes.
   *
   * @return whether the policy changed
   */
  public synchronized boolean awaitChange(PolicyIdentity seen, long deadlineNanos)
      throws InterruptedException {
    while (current != null && current.identity.equals(seen)) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Closes the served policy now and any replaced one when its last lease closes. */
  @Override
  public synchronized void close() {
    if (current != null) {
      retire(current);
      current = null;
      notifyAll();
    }
  }

  private synchronized void release(Served served) {
    served.users--;
    if (served.retired && served.users == 0) {
      served.policy.close();
    }
  }

  private static void retire(Served served) {
    served.retired = true;
    if (served.users == 0) {
      served.policy.close();
    }
  }

  private static final class Served {
    final Policy policy;
    final PolicyIdentity identity;
    int users;
    boolean retired;

    Served(Policy policy, PolicyIdentity identity) {
      this.policy = policy;
      this.identity = identity;
    }
  }

  /** One use of the served policy; closing it twice is harmless. */
  public final class Lease implements AutoCloseable {
    private final Served served;
    private boolean closed;

    private Lease(Served served) {
      this.served = served;
    }

    public Policy policy() {
      return served.policy;
    }

    public PolicyIdentity identity() {
      return served.identity;
    }

    @Override
    public void close() {
      synchronized (PolicySlot.this) {
        if (!closed) {
          closed = true;
          release(served);
        }
      }
    }
  }
}
