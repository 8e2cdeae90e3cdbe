package dev.passk.verifier;

/** A record on {@code rollouts} that is not a readable Rollout; the message says what is wrong. */
final class MalformedRolloutException extends RuntimeException {

  MalformedRolloutException(String message, Throwable cause) {
    super(message, cause);
  }
}
