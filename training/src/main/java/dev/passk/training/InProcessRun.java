package dev.passk.training;

import dev.passk.math.InterferenceReport;
import dev.passk.policy.Completion;
import dev.passk.policy.Policy;
import dev.passk.policy.SamplingSettings;
import dev.passk.tasks.Prompt;
import dev.passk.tasks.Task;
import dev.passk.verifiers.VerifierCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A whole training run in one thread without Kafka: sample B prompts x n completions with the
 * policy, score them with the verifiers in-process, apply a {@link LearnerStep}, evaluate on the
 * held-out set every {@code evalInterval} steps. Every group is on-policy (staleness 0). It is the
 * baseline the pipeline is measured against and the quickest check of the science.
 */
public final class InProcessRun {

  /**
   * @param objective what to optimise
   * @param update how to apply it
   * @param steps updates to apply
   * @param promptsPerStep B, prompts per update
   * @param samplesPerPrompt n
   * @param sampling how training completions are drawn (temperature &gt; 0)
   * @param evalInterval evaluate every this many steps (and at steps 0 and {@code steps})
   * @param seed training prompts are {@code task.prompt(seed, i)}; sampling seeds derive from it
   */
  public record Settings(ObjectiveSettings objective, UpdateSettings update, int steps,
      int promptsPerStep, int samplesPerPrompt, SamplingSettings sampling, int evalInterval,
      long seed) {

    public Settings {
      if (steps < 0 || promptsPerStep < 1 || samplesPerPrompt < 2 || evalInterval < 1) {
        throw new IllegalArgumentException("need steps >= 0, promptsPerStep >= 1, "
            + "samplesPerPrompt >= 2 and evalInterval >= 1, got " + steps + ", " + promptsPerStep
            + ", " + samplesPerPrompt + ", " + evalInterval);
      }
      if (!(sampling.temperature() > 0)) {
        throw new IllegalArgumentException("training samples need temperature > 0, got "
            + sampling.temperature());
      }
    }
  }

  /**
   * What a run did.
   *
   * @param steps every step's outcome, in order
   * @param evals step -&gt; held-out evaluation after that many steps (0 = before training)
   */
  public record Result(List<StepOutcome> steps, SortedMap<Long, EvalResult> evals) {

    public Result {
      steps = List.copyOf(steps);
      evals = Collections.unmodifiableSortedMap(new TreeMap<>(evals));
    }

    public EvalResult first() {
      return evals.get(evals.firstKey());
    }

    public EvalResult last() {
      return evals.get(evals.lastKey());
    }

    /** Fraction of steps with a report whose estimated &lt;g_k, g_1&gt; (at the report's k) is negative. */
    public double conflictShare() {
      List<InterferenceReport> reports = steps.stream()
          .flatMap(s -> s.interference().stream()).toList();
      return reports.isEmpty() ? Double.NaN
          : reports.stream().filter(r -> r.innerProduct() < 0).count() / (double) reports.size();
    }

    /** Mean k the updates used. */
    public double meanK() {
      return steps.stream().mapToInt(StepOutcome::k).average().orElse(Double.NaN);
    }

    /**
     * Between consecutive evaluations, the sum of the steps' predicted pass@1 changes next to the
     * measured change: the fraction of intervals whose signs agree (NaN without predictions).
     */
    public double predictionSignAgreement() {
      List<Long> at = new ArrayList<>(evals.keySet());
      int agree = 0;
      int intervals = 0;
      for (int e = 1; e < at.size(); e++) {
        double predicted = 0;
        boolean any = false;
        for (StepOutcome s : steps) {
          if (s.step() > at.get(e - 1) && s.step() <= at.get(e)
              && s.interference().isPresent()
              && s.interference().get().predictedPass1Change().isPresent()) {
            predicted += s.interference().get().predictedPass1Change().getAsDouble();
            any = true;
          }
        }
        if (any) {
          double measured = evals.get(at.get(e)).pass1() - evals.get(at.get(e - 1)).pass1();
          intervals++;
          agree += Math.signum(predicted) == Math.signum(measured) ? 1 : 0;
        }
      }
      return intervals == 0 ? Double.NaN : agree / (double) intervals;
    }
  }

  private InProcessRun() {}

  /**
   * Trains {@code policy} in place.
   *
   * @param log receives one line per step and per evaluation
   */
  public static Result run(Policy policy, Task task, Settings settings,
      HeldOutEvaluation evaluation, VerifierCatalog verifiers, Consumer<String> log) {
    List<StepOutcome> outcomes = new ArrayList<>();
    Map<Long, EvalResult> evals = new TreeMap<>();
    evals.put(0L, evaluation.evaluate(policy));
    log.accept("eval step 0: " + evals.get(0L));
    long nextPrompt = 0;
    try (LearnerStep learner = new LearnerStep(policy, settings.objective(), settings.update(),
        settings.sampling().temperature())) {
      for (int s = 1; s <= settings.steps(); s++) {
        long version = learner.steps();
        List<Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < settings.promptsPerStep(); i++) {
          prompts.add(task.prompt(settings.seed(), nextPrompt++));
        }
        List<List<Completion>> completions = policy.sample(
            prompts.stream().map(Prompt::text).toList(), settings.samplesPerPrompt(),
            settings.sampling(), settings.seed() * 1_000_003L + s);
        List<double[]> rewards = HeldOutEvaluation.Rewards.score(prompts, completions, verifiers);
        StepOutcome outcome = learner.apply(ScoredGroup.sampled(prompts, completions, rewards, version), version);
        outcomes.add(outcome);
        log.accept(describe(outcome));
        if (s % settings.evalInterval() == 0 || s == settings.steps()) {
          EvalResult eval = evaluation.evaluate(policy);
          evals.put((long) s, eval);
          log.accept("eval step " + s + ": " + eval);
        }
      }
    }
    return new Result(outcomes, new TreeMap<>(evals));
  }

  private static String describe(StepOutcome o) {
    String interference = o.interference().map(r -> String.format(java.util.Locale.ROOT,
        " <g_k,g_1>=%.3g cos=%.2f k*=%s predicted dJ1=%.3g", r.innerProduct(), r.cosine(),
        r.thresholdK().isPresent() ? r.thresholdK().getAsInt() : "-",
        r.predictedPass1Change().orElse(Double.NaN))).orElse("");
    return String.format(java.util.Locale.ROOT,
        "step %d k=%d loss=%.4f |g|=%.3f reward=%.3f pass1=%.3f passk=%.3f log-ratio max=%.2e%s",
        o.step(), o.k(), o.loss(), o.gradNorm(), o.meanReward(), o.batchPass1(), o.batchPassK(),
        o.importanceRatios().maxAbsLogRatio(), interference);
  }
}
