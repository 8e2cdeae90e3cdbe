package dev.passk.verifiers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Throughput of the math-answer verifier on one thread and of program execution (a main, not a test):
 * {@code ./mvnw -q -pl verifiers test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.passk.verifiers.VerifierBenchmark}.
 */
public final class VerifierBenchmark {

  private VerifierBenchmark() {
  }

  public static void main(String[] args) {
    VerifierRegistry registry = VerifierRegistry.load();
    Verifier math = registry.create("math-answer", Map.of());
    List<VerificationRequest> shortAnswers = List.of(
        VerificationRequest.of("\\frac{1}{2}", "So the probability is $\\boxed{\\dfrac{1}{2}}$."),
        VerificationRequest.of("72", "She sold 48 + 24 = 72 clips.\n#### 72"),
        VerificationRequest.of("18", "The answer is 18."),
        VerificationRequest.of("1000", "Total: 1,000 dollars"),
        VerificationRequest.of("50\\%", "\\boxed{0.5}"),
        VerificationRequest.of("7", "\\boxed{8}"),
        VerificationRequest.of("30^\\circ", "The angle is \\boxed{30^{\\circ}}"),
        VerificationRequest.of("-3", "x = -3"));
    double mathRate = rate(math, shortAnswers, Duration.ofSeconds(2), Duration.ofSeconds(3));
    System.out.printf("math-answer, 1 thread, %d short answers cycled: %,.0f verifications/s%n", shortAnswers.size(), mathRate);

    Verifier program = registry.create("program", Map.of());
    VerificationRequest sum = VerificationRequest.of("[{\"input\": \"1 2\", \"output\": \"3\"}]",
        "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n");
    System.out.printf("program (python, 1 test, sequential): %,.1f verifications/s%n",
        rate(program, List.of(sum), Duration.ofSeconds(1), Duration.ofSeconds(4)));
    for (int threads : new int[] {2, 4}) {
      try (BoundedVerifier bounded = new BoundedVerifier("program", program, BoundedVerifier.Limits.of(Duration.ofSeconds(10), threads))) {
        int n = 40 * threads;
        long start = System.nanoTime();
        List<CompletableFuture<VerifierResult>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          futures.add(bounded.verifyAsync(sum));
        }
        futures.forEach(f -> check(f.join()));
        System.out.printf("program (python, 1 test, %d concurrent): %,.1f verifications/s%n", threads, n / ((System.nanoTime() - start) / 1e9));
      }
    }
    System.out.println("cores available: " + Runtime.getRuntime().availableProcessors());
  }

  private static double rate(Verifier verifier, List<VerificationRequest> requests, Duration warmUp, Duration measure) {
    run(verifier, requests, warmUp);
    return run(verifier, requests, measure);
  }

  private static double run(Verifier verifier, List<VerificationRequest> requests, Duration duration) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long count = 0;
    while (System.nanoTime() < end) {
      for (VerificationRequest request : requests) {
        check(verifier.verify(request));
        count++;
      }
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static void check(VerifierResult result) {
    if (!result.isOk()) {
      throw new IllegalStateException("benchmark input failed to verify: " + result);
    }
  }
}
