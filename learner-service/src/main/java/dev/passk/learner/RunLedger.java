package dev.passk.learner;

import java.util.HashSet;
import java.util.Set;

/**
 * Which prompt groups the run has counted: a group (prompt id) is counted once however often it is
 * delivered, so at-least-once delivery never double-counts a result (plain Java).
 */
public final class RunLedger {

  private final int expected;
  private final Set<String> counted = new HashSet<>();
  private long duplicates;

  public RunLedger(int expected) {
    this.expected = expected;
  }

  /** True the first time a prompt's group arrives; false (and counted as a duplicate) after. */
  public synchronized boolean record(String promptId) {
    boolean first = counted.add(promptId);
    if (!first) {
      duplicates++;
    }
    return first;
  }

  public synchronized int counted() {
    return counted.size();
  }

  public synchronized long duplicates() {
    return duplicates;
  }

  public synchronized boolean complete() {
    return counted.size() >= expected;
  }
}
