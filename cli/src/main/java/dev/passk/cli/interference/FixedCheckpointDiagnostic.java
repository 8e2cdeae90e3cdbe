package dev.passk.cli.interference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.passk.cli.interference.DiagnosticResult.MixtureCounts;
import dev.passk.cli.interference.DiagnosticResult.PromptResult;
import dev.passk.cli.interference.DiagnosticResult.Timings;
import dev.passk.cli.interference.GradientKernels.Kernels;
import dev.passk.cli.interference.GradientKernels.PromptSamples;
import dev.passk.math.EasyHardMixture;
import dev.passk.math.InterferenceDiagnostics;
import dev.passk.math.InterferenceReport;
import dev.passk.policy.Completion;
import dev.passk.policy.GradientProjection;
import dev.passk.policy.Policy;
import dev.passk.policy.PolicyTrainer;
import dev.passk.policy.Sequence;
import dev.passk.policy.TrainerSettings;
import dev.passk.tasks.Prompt;
import dev.passk.tasks.Task;
import dev.passk.verifiers.VerificationRequest;
import dev.passk.verifiers.VerifierCatalog;
import dev.passk.verifiers.VerifierResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The paper's diagnostic at a fixed checkpoint (science notes sections 2 and 4): draw n completions
 * for each of P prompts, score them with each prompt's verifier, optionally keep the easy/hard set
 * D_{d1,d2}, take per-sample gradients of log pi(y | x) over the selected parameters, and turn them
 * into p_hat(x), w_k, a_hat(x), &lt;grad J_k, grad J_1&gt;, its cosine, the curve over k and k*.
 *
 * <p>Choices, in plain words:
 * <ul>
 *   <li>The gradients are of the temperature-1 log-probs ({@link PolicyTrainer#gradients}), so the
 *       score-function estimate g(x) is unbiased only for completions drawn at temperature 1 with
 *       top-p 1; other sampling settings measure a nearby distribution (the paper samples at 0.7 /
 *       0.95 and takes the gradient of the model's own log-probs the same way).</li>
 *   <li>The batch is treated as the distribution D: the diagonal kappa(x, x) comes from split halves,
 *       so a prompt counts in its own agreement (the paper's D_{d1,d2} is a fixed prompt set).</li>
 *   <li>A prompt whose rewards are all equal has g(x) = 0 exactly (every leave-one-out advantage is
 *       0), so its samples need no gradient; a sequence drawn several times gets one gradient.</li>
 *   <li>A verifier error or timeout stops the diagnostic: it is never read as reward 0.</li>
 * </ul>
 */
public final class FixedCheckpointDiagnostic {

  /** Sequences per sampling call: progress lines at a steady pace, bounded memory. */
  private static final int SAMPLING_ROWS = 512;
  /** Sequences per gradient call between progress lines. */
  private static final int GRADIENT_ROWS = 128;

  private final Policy policy;
  private final VerifierCatalog verifiers;
  private final Consumer<String> progress;

  /**
   * @param policy the fixed checkpoint (its weights are not changed)
   * @param verifiers scores completions by each prompt's verifier name
   * @param progress receives one line per phase step (e.g. to stderr)
   */
  public FixedCheckpointDiagnostic(
      Policy policy, VerifierCatalog verifiers, Consumer<String> progress) {
    this.policy = policy;
    this.verifiers = verifiers;
    this.progress = progress;
  }

  public DiagnosticResult run(Task task, DiagnosticSettings settings) {
    long start = System.nanoTime();
    if (settings.sampling().temperature() != 1 || settings.sampling().topP() != 1) {
      progress.accept("note: the gradients are of the temperature-1 log-probs, so sampling at"
          + " temperature " + settings.sampling().temperature() + ", top-p "
          + settings.sampling().topP() + " gives a score-function estimate of a nearby policy");
    }
    List<Prompt> prompts = task.prompts(settings.prompts(), settings.seed());
    List<List<Completion>> completions = sample(prompts, settings);
    long sampled = System.nanoTime();
    double[][] rewards = score(prompts, completions);
    return analyse(prompts, completions, rewards, settings, start, sampled, System.nanoTime());
  }

  /**
   * The diagnostic of completions drawn and scored elsewhere (n per prompt, i.i.d. from the policy
   * at temperature 1 for an unbiased g(x)); {@code settings.prompts()} and the sampling settings are
   * taken as given, {@code settings.samples()} must equal each prompt's count.
   */
  public DiagnosticResult analyse(List<Prompt> prompts, List<List<Completion>> completions,
      double[][] rewards, DiagnosticSettings settings) {
    long now = System.nanoTime();
    return analyse(prompts, completions, rewards, settings, now, now, now);
  }

  private DiagnosticResult analyse(List<Prompt> prompts, List<List<Completion>> completions,
      double[][] rewards, DiagnosticSettings settings, long start, long sampled, long scored) {
    for (int x = 0; x < prompts.size(); x++) {
      if (completions.get(x).size() != settings.samples() || rewards[x].length != settings.samples()) {
        throw new IllegalArgumentException("prompt " + x + " has " + completions.get(x).size()
            + " completions and " + rewards[x].length + " rewards, expected " + settings.samples());
      }
    }
    double[] successRates = Arrays.stream(rewards)
        .mapToDouble(r -> Arrays.stream(r).average().orElseThrow()).toArray();

    List<Integer> kept = IntStream.range(0, prompts.size()).boxed().toList();
    Optional<MixtureCounts> counts = Optional.empty();
    if (settings.mixture().isPresent()) {
      DiagnosticSettings.Mixture m = settings.mixture().get();
      EasyHardMixture mixture = EasyHardMixture.select(successRates, m.easyAbove(), m.hardBelow());
      kept = mixture.all();
      counts = Optional.of(new MixtureCounts(mixture.easy().size(), mixture.hard().size()));
      progress.accept("mixture D_{" + m.easyAbove() + "," + m.hardBelow() + "}: "
          + mixture.easy().size() + " easy (p_hat > " + m.easyAbove() + ") and "
          + mixture.hard().size() + " hard (p_hat < " + m.hardBelow() + ") of "
          + prompts.size() + " prompts");
      if (kept.size() < 2) {
        throw new IllegalArgumentException("the mixture D_{" + m.easyAbove() + "," + m.hardBelow()
            + "} kept " + kept.size() + " of " + prompts.size() + " prompts; the diagnostic needs"
            + " at least 2 (sample more prompts or widen d1,d2)");
      }
    }

    Map<String, Integer> rowOfSequence = new LinkedHashMap<>();
    List<Sequence> distinct = new ArrayList<>();
    List<PromptSamples> samples = new ArrayList<>();
    for (int x : kept) {
      samples.add(promptSamples(prompts.get(x), completions.get(x), rewards[x], rowOfSequence,
          distinct));
    }
    Kernels kernels;
    long parameterCount;
    try (NDManager manager = NDManager.newBaseManager(policy.device())) {
      GradientRows gradients = distinct.isEmpty() ? GradientRows.NONE
          : sequenceGradients(distinct, settings, manager);
      parameterCount = gradients.parameterCount();
      kernels = GradientKernels.compute(gradients.rows(), samples);
    }
    long differentiated = System.nanoTime();

    double[] keptRates = kept.stream().mapToDouble(x -> successRates[x]).toArray();
    Map<Integer, InterferenceReport> byK = new TreeMap<>();
    for (int k : settings.ks()) {
      byK.put(k, InterferenceDiagnostics.builder().setSuccessRates(keptRates)
          .setGram(kernels.gram()).optSplitHalfSelfKernels(kernels.splitHalfSelfKernels()).setK(k)
          .build());
    }
    List<Double> agreements = byK.get(settings.maxK()).agreements();
    List<PromptResult> results = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      Prompt prompt = prompts.get(kept.get(i));
      results.add(new PromptResult(prompt.id(), prompt.text(),
          prompt.latent().map(Prompt.Latent::label), keptRates[i], agreements.get(i)));
    }
    long end = System.nanoTime();
    return new DiagnosticResult(settings, prompts.size(), results, counts, new TreeMap<>(byK),
        parameterCount, distinct.size(), new Timings(seconds(start, sampled),
            seconds(sampled, scored), seconds(scored, differentiated), seconds(start, end)));
  }

  /** n completions per prompt, drawn in calls of about {@value #SAMPLING_ROWS} sequences. */
  private List<List<Completion>> sample(List<Prompt> prompts, DiagnosticSettings settings) {
    int perCall = Math.max(1, SAMPLING_ROWS / settings.samples());
    List<List<Completion>> completions = new ArrayList<>(prompts.size());
    for (int from = 0, call = 0; from < prompts.size(); from += perCall, call++) {
      List<String> texts = prompts.subList(from, Math.min(prompts.size(), from + perCall)).stream()
          .map(Prompt::text).toList();
      completions.addAll(policy.sample(texts, settings.samples(), settings.sampling(),
          settings.seed() * 1_000_003L + call));
      progress.accept("sampled " + completions.size() + "/" + prompts.size() + " prompts x "
          + settings.samples());
    }
    return completions;
  }

  /** Rewards per prompt and sample; fails on the first verifier error or timeout. */
  private double[][] score(List<Prompt> prompts, List<List<Completion>> completions) {
    double[][] rewards = new double[prompts.size()][];
    for (int x = 0; x < prompts.size(); x++) {
      Prompt prompt = prompts.get(x);
      List<Completion> drawn = completions.get(x);
      rewards[x] = new double[drawn.size()];
      for (int i = 0; i < drawn.size(); i++) {
        VerifierResult result = verifiers.get(prompt.verifier()).verify(
            new VerificationRequest(prompt.text(), prompt.answer(), drawn.get(i).text()));
        if (!result.isOk()) {
          throw new IllegalStateException("verifier '" + prompt.verifier() + "' returned "
              + result.status().label() + " for prompt " + prompt.id() + " (completion "
              + VerifierResult.quote(drawn.get(i).text(), 40) + "): " + result.detail());
        }
        rewards[x][i] = result.reward();
      }
    }
    progress.accept("scored " + prompts.size() + " prompts");
    return rewards;
  }

  /** Maps each sample to its distinct sequence's row, adding sequences not seen before. */
  private PromptSamples promptSamples(Prompt prompt, List<Completion> drawn, double[] rewards,
      Map<String, Integer> rowOfSequence, List<Sequence> distinct) {
    int[] rows = new int[drawn.size()];
    boolean constant = Arrays.stream(rewards).allMatch(r -> r == rewards[0]);
    long[] promptIds = policy.tokenizer().encodePrompt(prompt.text());
    for (int i = 0; i < drawn.size(); i++) {
      if (constant) {
        rows[i] = 0; // every advantage is 0: the row's gradient never enters g(x)
        continue;
      }
      long[] completionIds = drawn.get(i).tokenIds();
      String key = Arrays.toString(promptIds) + "->" + Arrays.toString(completionIds);
      Integer row = rowOfSequence.get(key);
      if (row == null) {
        row = distinct.size();
        rowOfSequence.put(key, row);
        distinct.add(new Sequence(promptIds, completionIds));
      }
      rows[i] = row;
    }
    return new PromptSamples(rows, rewards);
  }

  /**
   * S and the length of a gradient before projection.
   *
   * @param rows S, (M, P or d); null when no sequence needed a gradient
   * @param parameterCount P, the number of selected parameters
   */
  private record GradientRows(NDArray rows, long parameterCount) {
    static final GradientRows NONE = new GradientRows(null, 0);
  }

  /** S, (M, P or d): one gradient row per distinct sequence, projected when asked. */
  private GradientRows sequenceGradients(
      List<Sequence> distinct, DiagnosticSettings settings, NDManager manager) {
    Predicate<String> selected = settings.parameters().of(policy);
    GradientProjection projection = null;
    try (PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
      NDArray first = trainer.gradients(distinct.subList(0, 1), selected, null, manager); // (1, P)
      long parameterCount = first.getShape().get(1);
      if (settings.projectionDimension() > 0) {
        projection = new GradientProjection(parameterCount, settings.projectionDimension(),
            settings.seed(), first);
        first = projection.apply(first.get(0)).expandDims(0); // (1, d)
      }
      NDList parts = new NDList(first);
      for (int from = 1; from < distinct.size(); from += GRADIENT_ROWS) {
        int to = Math.min(distinct.size(), from + GRADIENT_ROWS);
        parts.add(trainer.gradients(distinct.subList(from, to), selected, projection, manager));
        progress.accept("gradients " + to + "/" + distinct.size() + " distinct sequences");
      }
      return new GradientRows(NDArrays.concat(parts), parameterCount); // (M, P or d)
    } finally {
      if (projection != null) {
        projection.close();
      }
    }
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
