package dev.passk.cli.bench;

import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierRegistry;
import dev.passk.verifiers.VerifierResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifications per second of each built-in verifier on one thread, called directly (the code
 * verifier-service runs), over short realistic completions. The target for math-answer is
 * 50,000 short answers/s.
 */
public final class VerifierSection implements BenchSection {

  /** A verifier, its options, and completions it must score without error. */
  private record Workload(String verifier, Map<String, String> options, List<VerificationRequest> requests,
      String target) {}

  private static List<Workload> workloads() {
    return List.of(
        new Workload("exact-match", Map.of(), List.of(VerificationRequest.of("A", "A"),
            VerificationRequest.of("B", " a "), VerificationRequest.of("Paris", "paris.")), ""),
        new Workload("numeric", Map.of(), List.of(VerificationRequest.of("72", "72"),
            VerificationRequest.of("0.5", "1/2"), VerificationRequest.of("1e3", "1000.0")), ""),
        new Workload("math-answer", Map.of(), List.of(
            VerificationRequest.of("\\frac{1}{2}", "So the probability is $\\boxed{\\dfrac{1}{2}}$."),
            VerificationRequest.of("72", "She sold 48 + 24 = 72 clips.\n#### 72"),
            VerificationRequest.of("18", "The answer is 18."),
            VerificationRequest.of("1000", "Total: 1,000 dollars"),
            VerificationRequest.of("30^\\circ", "The angle is \\boxed{30^{\\circ}}"),
            VerificationRequest.of("-3", "x = -3")), ">= 50,000/s"),
        new Workload("regex", Map.of(), List.of(VerificationRequest.of("\\b4[0-9]\\b", "it is 42 I think"),
            VerificationRequest.of("^yes", "yes indeed")), ""),
        new Workload("program", Map.of(), List.of(VerificationRequest.of(
            "[{\"input\": \"1 2\", \"output\": \"3\"}]",
            "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n")), "report"));
  }

  @Override
  public String name() {
    return "verifiers";
  }

  @Override
  public List<BenchRow> run(BenchSettings settings, PrintStream log) {
    VerifierRegistry registry = VerifierRegistry.load();
    Duration window = Duration.ofMillis(settings.quick() ? 300 : 1500);
    List<BenchRow> rows = new ArrayList<>();
    for (Workload w : workloads()) {
      Verifier verifier = registry.create(w.verifier(), w.options());
      once(verifier, w.requests(), window); // warm-up
      double rate = Medians.rate(settings.rounds(), () -> once(verifier, w.requests(), window));
      log.printf("  %-12s %,12.1f verifications/s (1 thread)%n", w.verifier(), rate);
      rows.add(new BenchRow(name(), w.verifier() + ", 1 thread", rate, "verifications/s", Double.NaN,
          Double.NaN, "", w.target()));
    }
    return rows;
  }

  private static double once(Verifier verifier, List<VerificationRequest> requests, Duration window) {
    long start = System.nanoTime();
    long end = start + window.toNanos();
    long count = 0;
    do {
      for (VerificationRequest request : requests) {
        VerifierResult result = verifier.verify(request);
        if (!result.isOk()) {
          throw new IllegalStateException("benchmark input failed to verify: " + result);
        }
        count++;
      }
    } while (System.nanoTime() < end);
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
