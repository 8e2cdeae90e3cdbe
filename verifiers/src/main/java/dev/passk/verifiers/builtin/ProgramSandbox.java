package dev.passk.verifiers.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one untrusted program in a separate process under limits, and always returns.
 *
 * <p>What is enforced, and how (the {@link Containment} found on this host decides the optional parts):
 * <ul>
 *   <li>wall clock: {@code Process.waitFor} with a deadline, then the whole process tree is killed;</li>
 *   <li>CPU seconds ({@code ulimit -t}), file size = output cap ({@code ulimit -f}), address space
 *       ({@code ulimit -v}, only for programs that tolerate it: not the JVM, which gets {@code -Xmx}),
 *       process count ({@code ulimit -u}/{@code -p}): set by {@code /bin/sh} before it starts the program;
 *       a limit the shell cannot set fails the run (exit 125) instead of being skipped;</li>
 *   <li>with {@link Containment#NAMESPACES} (Linux, root, util-linux {@code unshare}/{@code setpriv}): a
 *       new PID namespace ({@code --kill-child}: killing the sandbox kills every process in it, even
 *       orphans and fork bombs), a new network namespace (no network, not even loopback), and the
 *       program runs as {@code nobody} so the process count limit applies (root ignores it) and the
 *       work directory is read-only to it;</li>
 *   <li>with {@link Containment#PROCESS_GROUP} ({@code setsid} available): its own session, killed as a
 *       group after every run; no network isolation; process limits count all of the user's processes;</li>
 *   <li>{@link Containment#PLAIN}: the tree is killed through {@link ProcessHandle#descendants()}, which can
 *       miss a process that forks at the moment of the kill; no network isolation.</li>
 * </ul>
 * Stdin, stdout and stderr are files in the work directory, so no pump threads are needed and the
 * output cap is enforced by the kernel ({@code SIGXFSZ}) and again when reading.
 */
final class ProgramSandbox {

  /** How strongly this host can isolate a program; see the class comment. */
  enum Containment { NAMESPACES, PROCESS_GROUP, PLAIN }

  /** The uid/gid programs run as under {@link Containment#NAMESPACES}. */
  private static final String NOBODY = "65534";
  private static final int EXIT_LIMITS_FAILED = 125;

  record Limits(Duration wallClock, int cpuSeconds, int memoryMb, boolean limitAddressSpace, int maxProcesses,
      int outputBytes) {
  }

  enum Outcome { EXITED, WALL_TIMEOUT, CPU_LIMIT, OUTPUT_LIMIT, SIGNALLED, FAILED_TO_START, INTERRUPTED }

  /** One run: how it ended, its exit code (128+n for signal n), its stdout (capped) and stderr's tail. */
  record Run(Outcome outcome, int exitCode, String stdout, String stderrTail, long millis) {
  }

  private final Containment containment;

  ProgramSandbox(Containment containment) {
    this.containment = containment;
  }

  Containment containment() {
    return containment;
  }

  /** The strongest containment this host supports, found once by trying it. */
  static Containment detect() {
    return Detected.CONTAINMENT;
  }

  private static final class Detected {
    static final Containment CONTAINMENT = probe();

    private static Containment probe() {
      if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
        return Containment.PLAIN;
      }
      if (succeeds(List.of("unshare", "--pid", "--fork", "--kill-child", "--net", "setpriv", "--reuid=" + NOBODY,
          "--regid=" + NOBODY, "--clear-groups", "/bin/true"))) {
        return Containment.NAMESPACES;
      }
      return succeeds(List.of("setsid", "/bin/true")) ? Containment.PROCESS_GROUP : Containment.PLAIN;
    }

    private static boolean succeeds(List<String> command) {
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return false;
        }
        return p.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Runs {@code program} (an argv) in {@code dir} with {@code input} on stdin. {@code dir} must be
   * readable by everyone: the program may run as {@code nobody}.
   */
  Run run(List<String> program, Path dir, String input, Limits limits) {
    long start = System.nanoTime();
    Path stdin = dir.resolve("stdin.txt");
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process;
    try {
      Files.writeString(stdin, input, StandardCharsets.UTF_8);
      ProcessBuilder builder = new ProcessBuilder(command(program, limits)).directory(dir.toFile())
          .redirectInput(stdin.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
      builder.environment().keySet().removeIf(key -> !key.equals("PATH"));
      builder.environment().put("LANG", "C.UTF-8");
      builder.environment().put("HOME", dir.toString());
      process = builder.start();
    } catch (IOException e) {
      return new Run(Outcome.FAILED_TO_START, -1, "", e.toString(), millisSince(start));
    }
    Outcome outcome = null;
    try {
      if (!process.waitFor(limits.wallClock().toNanos(), TimeUnit.NANOSECONDS)) {
        outcome = Outcome.WALL_TIMEOUT;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = Outcome.INTERRUPTED;
    } finally {
      killTree(process);
    }
    int exit = process.isAlive() ? -1 : process.exitValue();
    String out = read(stdout, limits.outputBytes() + 1);
    String errTail = tail(read(stderr, 64 * 1024), 2000);
    if (outcome == null) {
      outcome = classify(exit, size(stdout) > limits.outputBytes());
    }
    return new Run(outcome, exit, out, errTail, millisSince(start));
  }

  private static Outcome classify(int exit, boolean outputOverCap) {
    if (outputOverCap || exit == 128 + 25) { // SIGXFSZ: the file size limit, i.e. the output cap
      return Outcome.OUTPUT_LIMIT;
    }
    if (exit == 128 + 24) { // SIGXCPU: the CPU soft limit
      return Outcome.CPU_LIMIT;
    }
    if (exit == EXIT_LIMITS_FAILED || exit == 126 || exit == 127) { // limits not settable, or no interpreter
      return Outcome.FAILED_TO_START;
    }
    return exit > 128 && exit < 128 + 65 ? Outcome.SIGNALLED : Outcome.EXITED;
  }

  /** {@code [unshare ...] [setsid] /bin/sh -c 'limits; [setpriv ...] "$@"; exit $?' sh program...}. */
  private List<String> command(List<String> program, Limits limits) {
    long fileBlocks = (limits.outputBytes() + 511L) / 512 + 1; // ulimit -f counts 512-byte blocks in POSIX shells
    StringBuilder script = new StringBuilder()
        // soft CPU limit first (SIGXCPU), then a hard limit one second later (SIGKILL if SIGXCPU is caught)
        .append("ulimit -S -t ").append(limits.cpuSeconds()).append(" && ulimit -H -t ").append(limits.cpuSeconds() + 1)
        .append(" && ulimit -f ").append(fileBlocks)
        .append(" && { ulimit -u ").append(limits.maxProcesses()).append(" 2>/dev/null || ulimit -p ")
        .append(limits.maxProcesses()).append("; }");
    if (limits.limitAddressSpace()) {
      script.append(" && ulimit -v ").append(limits.memoryMb() * 1024L);
    }
    script.append(" || exit ").append(EXIT_LIMITS_FAILED).append('\n');
    List<String> argv = new ArrayList<>();
    switch (containment) {
      case NAMESPACES -> {
        // sh stays root as the namespace's init (so --kill-child's death signal survives); only the program drops to nobody.
        argv.addAll(List.of("unshare", "--pid", "--fork", "--kill-child", "--net"));
        script.append("setpriv --reuid=" + NOBODY + " --regid=" + NOBODY + " --clear-groups \"$@\"\n");
      }
      case PROCESS_GROUP -> {
        argv.add("setsid");
        script.append("\"$@\"\n");
      }
      case PLAIN -> script.append("\"$@\"\n");
    }
    script.append("exit $?\n"); // not the last command, so the shell forks the program and reports 128+signal
    argv.addAll(List.of("/bin/sh", "-c", script.toString(), "sh"));
    argv.addAll(program);
    return argv;
  }

  /** Kills the process and everything it started; returns once the process itself is gone. */
  private void killTree(Process process) {
    if (containment == Containment.PROCESS_GROUP) {
      try { // the whole session's process group, including orphans the descendants walk cannot see
        new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
      } catch (IOException e) {
        // fall through to the descendants walk below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!process.isAlive()) {
      return; // exited on its own: a namespace died with it, and orphans are no longer descendants to find
    }
    for (int round = 0; round < 3; round++) {
      List<ProcessHandle> tree = process.descendants().toList();
      tree.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      if (tree.isEmpty()) {
        break;
      }
    }
    try {
      process.onExit().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a process that does not die within 2 s of SIGKILL is stuck in the kernel; nothing more to do
    }
  }

  private static String read(Path file, int maxBytes) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(maxBytes), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String tail(String text, int chars) {
    return text.length() <= chars ? text : text.substring(text.length() - chars);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
