package dev.passk.verifiers.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.Verifier;
import dev.passk.verifiers.VerifierFactory;
import dev.passk.verifiers.VerifierOptions;
import dev.passk.verifiers.VerifierResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the completion as a program against test cases, each in a fresh {@link ProgramSandbox} process.
 *
 * <p>The answer is the spec: JSON {@code [{"input": "...", "output": "..."}, ...]} or {@code {"tests": [...]}};
 * a test passes when stdout equals {@code output} up to trailing whitespace on each line. The program is
 * the last fenced code block of the completion (or the whole completion when it has none).
 *
 * <p>Outcomes: all tests run to an exit -> {@code OK} with reward 1 if all pass ({@code reward=all}) or the
 * passing fraction ({@code reward=fraction}); wall-clock or CPU limit -> {@code TIMEOUT}; output cap, a
 * process or memory limit reported on stderr, death by a signal, or a sandbox that cannot start ->
 * {@code ERROR}. A bad spec is an {@code ERROR}. The run stops at the first non-{@code OK} test.
 */
public final class ProgramExecutionVerifier implements Verifier {

  /** How a language's program file is named and started. */
  enum Language {
    PYTHON("main.py", true), JAVA("Main.java", false);

    final String fileName;
    /** Whether {@code ulimit -v} can cap memory; the JVM reserves far more address space than it uses. */
    final boolean limitAddressSpace;

    Language(String fileName, boolean limitAddressSpace) {
      this.fileName = fileName;
      this.limitAddressSpace = limitAddressSpace;
    }
  }

  /** {@code all}: 1 only if every test passes; {@code fraction}: passed / total. */
  enum Reward { ALL, FRACTION }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Completions larger than this are not run (reward 0). */
  static final int MAX_PROGRAM_CHARS = 1 << 20;

  private final Language language;
  private final List<String> launcher;
  private final ProgramSandbox sandbox;
  private final ProgramSandbox.Limits limits;
  private final Reward reward;

  ProgramExecutionVerifier(Language language, List<String> launcher, ProgramSandbox sandbox,
      ProgramSandbox.Limits limits, Reward reward) {
    this.language = language;
    this.launcher = List.copyOf(launcher);
    this.sandbox = sandbox;
    this.limits = limits;
    this.reward = reward;
  }

  record TestCase(String input, String output) {
  }

  @Override
  public VerifierResult verify(VerificationRequest request) {
    List<TestCase> tests;
    try {
      tests = parseSpec(request.answer());
    } catch (IllegalArgumentException e) {
      return VerifierResult.error("bad test spec: " + e.getMessage());
    }
    String program = program(request.completion());
    if (program.length() > MAX_PROGRAM_CHARS) {
      return VerifierResult.ok(0.0, "program is " + program.length() + " chars, over " + MAX_PROGRAM_CHARS + "; not run");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("passk-program-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      Path source = dir.resolve(language.fileName);
      Files.writeString(source, program, StandardCharsets.UTF_8);
      List<String> argv = new ArrayList<>(launcher);
      argv.add(source.toString());
      return runTests(tests, argv, dir);
    } catch (IOException e) {
      return VerifierResult.error("cannot prepare the program's directory: " + e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private VerifierResult runTests(List<TestCase> tests, List<String> argv, Path dir) {
    int passed = 0;
    String firstFailure = null;
    for (int i = 0; i < tests.size(); i++) {
      ProgramSandbox.Run run = sandbox.run(argv, dir, tests.get(i).input(), limits);
      String where = "test " + (i + 1) + "/" + tests.size() + ": ";
      VerifierResult abnormal = abnormal(run, where);
      if (abnormal != null) {
        return abnormal;
      }
      boolean ok = run.exitCode() == 0 && canonical(run.stdout()).equals(canonical(tests.get(i).output()));
      if (ok) {
        passed++;
      } else if (firstFailure == null) {
        firstFailure = where + (run.exitCode() != 0 ? "exit " + run.exitCode() + ": " + lastLine(run.stderrTail())
            : "expected " + VerifierResult.quote(canonical(tests.get(i).output()), 30) + ", got "
                + VerifierResult.quote(canonical(run.stdout()), 30));
        if (reward == Reward.ALL) {
          break;
        }
      }
    }
    double score = reward == Reward.ALL ? (passed == tests.size() ? 1.0 : 0.0) : (double) passed / tests.size();
    return VerifierResult.ok(score, passed + "/" + tests.size() + " tests passed" + (firstFailure == null ? "" : "; " + firstFailure));
  }

  /** The non-OK result a run implies, or null when the program ran to an ordinary exit. */
  private VerifierResult abnormal(ProgramSandbox.Run run, String where) {
    String containment = " [" + sandbox.containment().name().toLowerCase() + "]";
    return switch (run.outcome()) {
      case WALL_TIMEOUT -> VerifierResult.timeout(where + "wall-clock limit " + limits.wallClock().toMillis() + " ms exceeded; process tree killed" + containment);
      case CPU_LIMIT -> VerifierResult.timeout(where + "CPU limit " + limits.cpuSeconds() + " s exceeded" + containment);
      case INTERRUPTED -> VerifierResult.timeout(where + "interrupted (time limit of the caller); process tree killed");
      case OUTPUT_LIMIT -> VerifierResult.error(where + "output over " + limits.outputBytes() + " bytes" + containment);
      case SIGNALLED -> VerifierResult.error(where + "killed by signal " + (run.exitCode() - 128) + " (9: CPU hard limit or out of memory)" + containment);
      case FAILED_TO_START -> VerifierResult.error(where + "sandbox could not start the program (exit " + run.exitCode() + "): " + lastLine(run.stderrTail()));
      case EXITED -> resourceLimitHit(run, where + containment);
    };
  }

  /** A program that exited because a limit refused it memory or processes (as its stderr says) is an ERROR. */
  private VerifierResult resourceLimitHit(ProgramSandbox.Run run, String where) {
    String err = run.stderrTail();
    if (run.exitCode() == 0) {
      return null;
    }
    if (err.contains("MemoryError") || err.contains("OutOfMemoryError") && !err.contains("native thread")) {
      return VerifierResult.error(where + "memory limit " + limits.memoryMb() + " MB reached: " + lastLine(err));
    }
    if (err.contains("BlockingIOError") || err.contains("Resource temporarily unavailable") || err.contains("unable to create native thread")) {
      return VerifierResult.error(where + "process limit " + limits.maxProcesses() + " reached: " + lastLine(err));
    }
    return null;
  }

  static List<TestCase> parseSpec(String spec) {
    JsonNode root;
    try {
      root = JSON.readTree(spec);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("answer must be JSON [{\"input\": ..., \"output\": ...}] or {\"tests\": [...]}: "
          + e.getOriginalMessage());
    }
    JsonNode tests = root != null && root.isObject() ? root.get("tests") : root;
    if (tests == null || !tests.isArray() || tests.isEmpty()) {
      throw new IllegalArgumentException("expected a non-empty array of tests");
    }
    List<TestCase> cases = new ArrayList<>();
    for (JsonNode test : tests) {
      if (!test.isObject() || !test.path("output").isTextual()) {
        throw new IllegalArgumentException("test " + (cases.size() + 1) + " needs a string \"output\" (and optional \"input\")");
      }
      cases.add(new TestCase(test.path("input").asText(""), test.get("output").asText()));
    }
    return cases;
  }

  /** The last fenced code block's body, or the whole completion. */
  static String program(String completion) {
    int close = completion.lastIndexOf("```");
    int open = close <= 0 ? -1 : completion.lastIndexOf("```", close - 1);
    if (open < 0) {
      return completion;
    }
    int bodyStart = completion.indexOf('\n', open);
    return bodyStart < 0 || bodyStart > close ? completion : completion.substring(bodyStart + 1, close);
  }

  /** Output compared up to trailing whitespace per line and trailing blank lines; \r\n is \n. */
  static String canonical(String output) {
    StringBuilder out = new StringBuilder(output.length());
    for (String line : output.replace("\r\n", "\n").split("\n", -1)) {
      out.append(line.stripTrailing()).append('\n');
    }
    return out.toString().stripTrailing();
  }

  private static String lastLine(String text) {
    String trimmed = text.strip();
    return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temp directory is harmless
    }
  }

  /** {@code program}: options listed in {@link #description()}. */
  public static final class Factory implements VerifierFactory {
    @Override
    public String name() {
      return "program";
    }

    @Override
    public String description() {
      return "runs the completion against JSON test cases in a sandboxed process; options: language=python|java (python), "
          + "python (first of /usr/bin/python3, /usr/local/bin/python3, python3 on PATH), time-limit-ms per test (2000; "
          + "java 10000), cpu-seconds (wall clock rounded up), memory-mb (256), max-processes (python 32, java 256), "
          + "output-bytes (65536), reward=all|fraction (all), containment=auto|plain (auto)";
    }

    @Override
    public Verifier create(Map<String, String> options) {
      VerifierOptions o = new VerifierOptions(name(), options);
      Language language = o.choice("language", Language.PYTHON);
      String python = o.string("python", defaultPython());
      int wallMillis = o.integer("time-limit-ms", language == Language.JAVA ? 10_000 : 2_000, 1, 600_000);
      int cpuSeconds = o.integer("cpu-seconds", (wallMillis + 999) / 1000, 1, 600);
      int memoryMb = o.integer("memory-mb", 256, 16, 65_536);
      int maxProcesses = o.integer("max-processes", language == Language.JAVA ? 256 : 32, 1, 100_000);
      int outputBytes = o.integer("output-bytes", 65_536, 1, 64 << 20);
      Reward reward = o.choice("reward", Reward.ALL);
      boolean plain = o.choice("containment", ContainmentOption.AUTO) == ContainmentOption.PLAIN;
      o.finish();
      List<String> launcher = switch (language) {
        case PYTHON -> List.of(python, "-I", "-S"); // isolated mode: no user site, no PYTHON* variables
        case JAVA -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + memoryMb + "m",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xss1m");
      };
      ProgramSandbox sandbox = new ProgramSandbox(plain ? ProgramSandbox.Containment.PLAIN : ProgramSandbox.detect());
      return new ProgramExecutionVerifier(language, launcher, sandbox, new ProgramSandbox.Limits(
          Duration.ofMillis(wallMillis), cpuSeconds, memoryMb, language.limitAddressSpace, maxProcesses, outputBytes), reward);
    }

    enum ContainmentOption { AUTO, PLAIN }

    private static String defaultPython() {
      for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
        if (Files.isExecutable(Path.of(candidate))) {
          return candidate;
        }
      }
      return "python3";
    }
  }
}
