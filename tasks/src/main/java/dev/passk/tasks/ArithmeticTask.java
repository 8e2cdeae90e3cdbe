package dev.passk.tasks;

import java.util.SplittableRandom;

/**
 * Integer arithmetic prompts such as {@code "47+8="} with the exact result as the reference answer.
 * The difficulty knob is the number of digits: operands are uniform on {@code [0, 10^digits)}.
 */
public final class ArithmeticTask implements Task {

  /** The verifier that compares numbers. */
  public static final String VERIFIER = "numeric";

  /** The four operation families; each renders the prompt text and computes the answer. */
  public enum Operation {
    ADDITION("addition") {
      @Override
      String text(long a, long b, long m) {
        return a + "+" + b + "=";
      }

      @Override
      long answer(long a, long b, long m) {
        return a + b;
      }
    },
    SUBTRACTION("subtraction") {
      @Override
      String text(long a, long b, long m) {
        return a + "-" + b + "=";
      }

      @Override
      long answer(long a, long b, long m) {
        return a - b;
      }
    },
    MULTIPLICATION("multiplication") {
      @Override
      String text(long a, long b, long m) {
        return a + "*" + b + "=";
      }

      @Override
      long answer(long a, long b, long m) {
        return a * b;
      }
    },
    /** {@code (a*b) mod m} with a modulus {@code m >= 2} of up to {@code digits} digits. */
    MODULAR("modular") {
      @Override
      String text(long a, long b, long m) {
        return a + "*" + b + "%" + m + "=";
      }

      @Override
      long answer(long a, long b, long m) {
        return Math.floorMod(a * b, m);
      }
    };

    private final String taskName;

    Operation(String taskName) {
      this.taskName = taskName;
    }

    /** The task name this operation is chosen by. */
    public String taskName() {
      return taskName;
    }

    abstract String text(long a, long b, long m);

    abstract long answer(long a, long b, long m);
  }

  /** Digits allowed: results stay exact in a {@code long}. */
  public static final int MAX_DIGITS = 9;

  private final Operation operation;
  private final int digits;

  public ArithmeticTask(Operation operation, int digits) {
    if (digits < 1 || digits > MAX_DIGITS) {
      throw new IllegalArgumentException(
          "digits must be in 1.." + MAX_DIGITS + ", got " + digits);
    }
    this.operation = operation;
    this.digits = digits;
  }

  @Override
  public String name() {
    return operation.taskName();
  }

  public int digits() {
    return digits;
  }

  @Override
  public Prompt prompt(long seed, long index) {
    SplittableRandom random = Seeds.forPrompt(seed, index);
    long bound = pow10(digits);
    long a = random.nextLong(bound);
    long b = random.nextLong(bound);
    long m = random.nextLong(2, Math.max(bound, 3));
    String id = name() + "-d" + digits + "-s" + seed + "-" + index;
    return new Prompt(
        id, operation.text(a, b, m), Long.toString(operation.answer(a, b, m)), VERIFIER);
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }
}
