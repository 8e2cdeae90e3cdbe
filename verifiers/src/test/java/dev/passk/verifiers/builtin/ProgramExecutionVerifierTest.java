package dev.passk.verifiers.builtin;

import static dev.passk.verifiers.builtin.Verifiers.create;
import static dev.passk.verifiers.builtin.Verifiers.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierResult;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs real programs in real processes. Outcome of each adversarial program (asserted below):
 * infinite loop -> TIMEOUT; memory hog -> ERROR (memory limit); fork bomb -> TIMEOUT with every
 * process gone; output flood -> ERROR (output cap); network access -> refused (namespaces only).
 */
class ProgramExecutionVerifierTest {

  private static final String SUM_SPEC = "[{\"input\": \"1 2\\n\", \"output\": \"3\"}, {\"input\": \"10 -4\", \"output\": \"6\\n\"}]";
  private static final String SUM = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n";

  @BeforeAll
  static void needsPython() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || Files.isExecutable(Path.of("/usr/local/bin/python3")),
        "these tests need python3 in /usr/bin or /usr/local/bin");
  }

  private static Verifier python(String... options) {
    String[] withShortLimit = new String[options.length + 2];
    withShortLimit[0] = "time-limit-ms";
    withShortLimit[1] = "1500";
    System.arraycopy(options, 0, withShortLimit, 2, options.length);
    return create("program", withShortLimit);
  }

  @Test
  void correctProgramPassesAndWrongOneFails() {
    VerifierResult pass = verify(python(), SUM_SPEC, "Here is my solution:\n```python\n" + SUM + "```\nDone.");
    assertEquals(1.0, pass.reward(), pass.detail());
    VerifierResult wrong = verify(python(), SUM_SPEC, "print(3)");
    assertEquals(VerifierResult.Status.OK, wrong.status());
    assertEquals(0.0, wrong.reward());
    assertTrue(wrong.detail().contains("test 2/2: expected '6', got '3'"), wrong.detail());
    assertEquals(0.5, verify(python("reward", "fraction"), SUM_SPEC, "print(3)").reward());
    VerifierResult crash = verify(python(), SUM_SPEC, "raise ValueError('nope')");
    assertEquals(0.0, crash.reward());
    assertTrue(crash.detail().contains("exit 1: ValueError: nope"), crash.detail());
  }

  @Test
  void badSpecIsAnError() {
    assertEquals(VerifierResult.Status.ERROR, verify(python(), "not json", SUM).status());
    assertEquals(VerifierResult.Status.ERROR, verify(python(), "[]", SUM).status());
    assertEquals(VerifierResult.Status.ERROR, verify(python(), "[{\"input\": \"1\"}]", SUM).status());
  }

  @Test
  void infiniteLoopIsATimeoutWithinTheWallClockLimit() {
    long start = System.nanoTime();
    VerifierResult result = verify(python(), SUM_SPEC, "while True:\n    pass\n");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(VerifierResult.Status.TIMEOUT, result.status(), result.detail());
    assertTrue(millis < 30_000, "took " + millis + " ms (a hang would never answer)");
    assertNoProgramLeft();
  }

  @Test
  void memoryHogHitsTheMemoryCap() {
    VerifierResult result = verify(python("memory-mb", "128"), SUM_SPEC, "x = []\nwhile True:\n    x.append(bytearray(10**7))\n");
    assertEquals(VerifierResult.Status.ERROR, result.status(), result.detail());
    assertTrue(result.detail().contains("memory limit 128 MB reached"), result.detail());
  }

  @Test
  void outputFloodHitsTheOutputCap() {
    VerifierResult result = verify(python("output-bytes", "10000"), SUM_SPEC, "while True:\n    print('x' * 1000)\n");
    assertEquals(VerifierResult.Status.ERROR, result.status(), result.detail());
    assertTrue(result.detail().contains("output over 10000 bytes"), result.detail());
  }

  /**
   * A real fork bomb, run only where it is contained: a PID namespace (everything dies with the
   * sandbox) plus a process cap that applies (the program runs as nobody). Elsewhere this test is
   * skipped and {@link #plainContainmentKillsTheProcessTree} covers a bounded spawner instead.
   */
  @Test
  void forkBombIsContainedAndLeavesNoProcess() {
    assumeTrue(ProgramSandbox.detect() == ProgramSandbox.Containment.NAMESPACES, "needs PID namespaces to contain a fork bomb");
    String bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n";
    VerifierResult result = verify(python("max-processes", "16", "time-limit-ms", "1000"), SUM_SPEC, bomb);
    assertEquals(VerifierResult.Status.TIMEOUT, result.status(), result.detail());
    assertNoProgramLeft();
    VerifierResult naive = verify(python("max-processes", "16", "time-limit-ms", "1000"), SUM_SPEC, "import os\nwhile True:\n    os.fork()\n");
    assertTrue(naive.status() != VerifierResult.Status.OK, naive.detail()); // process limit (ERROR) or TIMEOUT
    assertNoProgramLeft();
  }

  @Test
  void plainContainmentKillsTheProcessTree() {
    // bounded spawner: 4 children that each sleep for a minute, and a parent that never finishes
    String spawner = "import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n        time.sleep(60)\n        os._exit(0)\n"
        + "while True:\n    time.sleep(0.01)\n";
    VerifierResult result = verify(python("containment", "plain", "time-limit-ms", "800"), SUM_SPEC, spawner);
    assertEquals(VerifierResult.Status.TIMEOUT, result.status(), result.detail());
    assertNoProgramLeft();
  }

  @Test
  void networkIsUnreachableInsideTheSandbox() throws Exception {
    assumeTrue(ProgramSandbox.detect() == ProgramSandbox.Containment.NAMESPACES, "network isolation needs a network namespace");
    try (ServerSocket server = new ServerSocket(0)) {
      String connect = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', " + server.getLocalPort() + "), timeout=1)\n"
          + "    print('connected')\nexcept OSError:\n    print('blocked')\n";
      VerifierResult result = verify(python(), "[{\"output\": \"blocked\"}]", connect);
      assertEquals(1.0, result.reward(), result.detail());
    }
  }

  @Test
  void javaSingleFileProgramRunsFromJavaHome() {
    String program = "public class Main {\n  public static void main(String[] a) throws Exception {\n"
        + "    var in = new java.util.Scanner(System.in);\n    System.out.println(in.nextInt() + in.nextInt());\n  }\n}\n";
    VerifierResult result = verify(create("program", "language", "java"), SUM_SPEC, "```java\n" + program + "```");
    assertEquals(1.0, result.reward(), result.detail());
  }

  @Test
  void hugeCompletionIsNotRun() {
    VerifierResult result = verify(python(), SUM_SPEC, "#".repeat(10 << 20));
    assertEquals(0.0, result.reward());
    assertTrue(result.detail().contains("not run"), result.detail());
  }

  /** No process whose command line names a sandbox directory survives (polled: SIGKILL is asynchronous). */
  private static void assertNoProgramLeft() {
    List<String> left = List.of();
    for (int attempt = 0; attempt < 30; attempt++) {
      left = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
          .map(p -> p.info().commandLine().orElse(""))
          .filter(cmd -> cmd.contains("passk-program-")).toList();
      if (left.isEmpty()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertTrue(left.isEmpty(), left.size() + " sandboxed processes left: " + left);
  }
}
