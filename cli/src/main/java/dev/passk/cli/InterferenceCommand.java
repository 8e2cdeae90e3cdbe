package dev.passk.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passk.cli.interference.DiagnosticJson;
import dev.passk.cli.interference.DiagnosticResult;
import dev.passk.cli.interference.DiagnosticSettings;
import dev.passk.cli.interference.DiagnosticSummary;
import dev.passk.cli.interference.FixedCheckpointDiagnostic;
import dev.passk.cli.interference.InterferencePlot;
import dev.passk.cli.interference.ParameterSelection;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.tasks.Task;
import dev.passk.tasks.TaskCatalog;
import dev.passk.training.WarmStartedPolicy;
import dev.passk.verifiers.BoundedVerifier;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierRegistry;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./passk interference --checkpoint DIR --task NAME [--prompts P] [--samples N] [--k 1,2,4,...]}:
 * the paper's fixed-checkpoint prompt-interference diagnostic ({@link FixedCheckpointDiagnostic}).
 * Prints a summary table, writes the full result as JSON ({@code --out}, default
 * {@code .passk/interference/interference.json}) and an SVG plot next to it; progress goes to stderr.
 *
 * <p>Without {@code --checkpoint} it diagnoses the embedded default's starting point: the tiny
 * policy warm-started {@code --warm-start STEPS} steps (default {@value #DEFAULT_WARM_START}) on the
 * task's demonstrations ({@link WarmStartedPolicy}), cached under
 * {@code .passk/policies/<task spec>/} so the next run loads it.
 *
 * <p>Defaults, chosen for the tiny embedded policy: 64 prompts, 32 samples (the paper's n), k =
 * 1,2,4,8,16, temperature 1 and top-p 1 (the gradients are of the temperature-1 log-probs, so this
 * keeps g(x) unbiased; the paper's 0.7 / 0.95 suits large models and is an option), at most 8 new
 * tokens, gradients of the last decoder layer (the paper's choice), no projection.
 */
public final class InterferenceCommand implements Command {

  private static final String DEFAULT_K = "1,2,4,8,16";
  private static final int DEFAULT_WARM_START = 200;

  @Override
  public String name() {
    return "interference";
  }

  @Override
  public String summary() {
    return "prompt-interference diagnostic at a checkpoint: --task NAME [--checkpoint DIR |"
        + " --warm-start STEPS] [--prompts P] [--samples N] [--k 1,2,4,8] [--mixture d1,d2]"
        + " [--out FILE.json]";
  }

  @Override
  public int run(List<String> args, InputStream in, PrintStream out, PrintStream err)
      throws Exception {
    CommandLineOptions options = new CommandLineOptions(args, Set.of("checkpoint", "task",
        "prompts", "samples", "k", "seed", "temperature", "top-p", "max-tokens", "parameters",
        "projection", "mixture", "out", "warm-start"), Set.of());
    DiagnosticSettings settings = settings(options);
    String taskSpec = options.require("task");
    Task task = usage(() -> TaskCatalog.create(taskSpec));
    Path checkpoint = checkpoint(options, task, taskSpec, err);
    Path json = Path.of(options.get("out",
        PasskHome.workDir().resolve("interference").resolve("interference.json").toString()));
    Path svg = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "")
        + ".svg");

    DiagnosticResult result;
    try (Policy policy = usage(() -> Policy.load(checkpoint, Device.cpu()));
        VerifierCatalog verifiers = new VerifierCatalog(VerifierRegistry.load(), Map.of(),
            BoundedVerifier.Limits.of(Duration.ofSeconds(10), 1))) {
      err.println("interference: " + policy.parameterCount() + "-parameter policy from "
          + checkpoint + ", task " + taskSpec);
      result = usage(() -> new FixedCheckpointDiagnostic(policy, verifiers, err::println)
          .run(task, settings));
    }
    Path folder = json.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValue(json.toFile(), DiagnosticJson.of(result, checkpoint.toString(), taskSpec));
    Files.writeString(svg, InterferencePlot.svg(result), StandardCharsets.UTF_8);
    out.print(DiagnosticSummary.text(result, checkpoint.toString(), taskSpec));
    out.println("  wrote " + json + " and " + svg);
    out.flush();
    return 0;
  }

  private static DiagnosticSettings settings(CommandLineOptions options) throws Exception {
    int samples = options.getInt("samples", 32);
    Optional<DiagnosticSettings.Mixture> mixture = Optional.empty();
    if (options.has("mixture")) {
      List<Double> bounds = numbers(options.get("mixture", ""), "mixture", "0.8,0.1");
      if (bounds.size() != 2) {
        throw new UsageException("--mixture needs two numbers d1,d2 (easy: p_hat > d1, hard:"
            + " p_hat < d2), e.g. 0.8,0.1; got '" + options.get("mixture", "") + "'");
      }
      mixture = Optional.of(usage(() -> new DiagnosticSettings.Mixture(bounds.get(0), bounds.get(1))));
    }
    List<Integer> ks = numbers(options.get("k", DEFAULT_K), "k", "1,2,4,8").stream()
        .map(k -> {
          if (k != Math.rint(k)) {
            throw new UsageException("--k takes integers, got " + k);
          }
          return (int) Math.round(k);
        }).toList();
    Optional<DiagnosticSettings.Mixture> chosen = mixture;
    return usage(() -> new DiagnosticSettings(options.getInt("prompts", 64), samples, ks,
        options.getInt("seed", 0),
        new SamplingSettings(number(options, "temperature", 1.0), number(options, "top-p", 1.0),
            options.getInt("max-tokens", 8)),
        ParameterSelection.parse(options.get("parameters", ParameterSelection.LAST_LAYER.wire())),
        options.getInt("projection", 0), chosen));
  }

  /** The --checkpoint folder, or the cached warm-started tiny policy when there is none. */
  private static Path checkpoint(CommandLineOptions options, Task task, String taskSpec,
      PrintStream err) throws Exception {
    if (!options.has("checkpoint")) {
      int steps = options.getInt("warm-start", DEFAULT_WARM_START);
      if (steps < 0) {
        throw new UsageException("--warm-start takes a number of steps >= 0, got " + steps);
      }
      // One cache folder per task spec: WarmStartedPolicy keys its folders by the task's name only.
      Path cache = PasskHome.workDir().resolve("policies")
          .resolve(taskSpec.replaceAll("[^A-Za-z0-9=.,_-]", "_"));
      err.println("interference: no --checkpoint; using the tiny policy warm-started " + steps
          + " steps on " + taskSpec + " (built once, cached under " + cache + ")");
      return WarmStartedPolicy.obtain(cache, task, steps, 0, Device.cpu());
    }
    if (options.has("warm-start")) {
      throw new UsageException("--warm-start builds a policy when there is no --checkpoint; give one"
          + " or the other");
    }
    Path checkpoint = Path.of(options.get("checkpoint", ""));
    if (!Files.isDirectory(checkpoint)) {
      throw new UsageException("--checkpoint " + checkpoint + " is not a folder (expected "
          + Policy.CONFIG + ", " + Policy.WEIGHTS + " and " + Policy.TOKENIZER + ")");
    }
    return checkpoint;
  }

  private static double number(CommandLineOptions options, String name, double fallback) {
    List<Double> values = numbers(options.get(name, Double.toString(fallback)), name, "0.7");
    if (values.size() != 1) {
      throw new UsageException("--" + name + " takes one number, got '" + options.get(name, "") + "'");
    }
    return values.get(0);
  }

  /** Comma-separated numbers, with a usage error that shows an example. */
  private static List<Double> numbers(String text, String name, String example) {
    List<Double> values = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        values.add(Double.parseDouble(part.trim()));
      } catch (NumberFormatException e) {
        throw new UsageException("--" + name + " takes comma-separated numbers such as " + example
            + ", got '" + text + "'");
      }
    }
    return values;
  }

  /** Something that fails with IllegalArgumentException on bad input. */
  private interface Checked<T> {
    T get() throws Exception;
  }

  /** Runs {@code action}, turning a bad-input IllegalArgumentException into a usage error. */
  private static <T> T usage(Checked<T> action) throws Exception {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
