package dev.passk.cli;

/** Bad arguments or bad input: {@link Passk} prints the message and exits with code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
