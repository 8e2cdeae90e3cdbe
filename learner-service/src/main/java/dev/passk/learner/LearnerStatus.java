package dev.passk.learner;

/**
 * The headline numbers of the running learner, written by its training thread and read by the
 * Prometheus gauges and the health check (each field is one volatile value; no lock needed).
 */
public final class LearnerStatus {

  /** Where the learner is in its life. */
  public enum Phase { STARTING, RUNNING, COMPLETE, FAILED }

  volatile Phase phase = Phase.STARTING;
  volatile String failure = "";
  volatile String runId = "";
  volatile long step;
  volatile long policyVersion;
  volatile double evalPass1 = Double.NaN;
  volatile double evalPassK = Double.NaN;
  volatile double innerKOne = Double.NaN;
  volatile double cosine = Double.NaN;
  volatile double samplesPerSecond;
  volatile long droppedStale;
  volatile long duplicates;
  volatile long inFlight;
  volatile long trained;
  volatile double stepSeconds = Double.NaN;
  volatile LedgerSnapshot ledger;

  public Phase phase() {
    return phase;
  }

  public String failure() {
    return failure;
  }

  public String runId() {
    return runId;
  }

  public long step() {
    return step;
  }

  public long policyVersion() {
    return policyVersion;
  }

  public double evalPass1() {
    return evalPass1;
  }

  public double evalPassK() {
    return evalPassK;
  }

  public double innerKOne() {
    return innerKOne;
  }

  public double cosine() {
    return cosine;
  }

  public double samplesPerSecond() {
    return samplesPerSecond;
  }

  public long droppedStale() {
    return droppedStale;
  }

  public long duplicates() {
    return duplicates;
  }

  public long inFlight() {
    return inFlight;
  }

  public long trained() {
    return trained;
  }

  public double stepSeconds() {
    return stepSeconds;
  }

  /** The ledger as of the last step (or the start); null before the run has begun. */
  public LedgerSnapshot ledger() {
    return ledger;
  }
}
