package dev.passk.policy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.passk.tasks.Demonstration;
import dev.passk.tasks.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Changes a policy's weights: policy-gradient steps, the supervised warm-start, and per-sample
 * gradients. PyTorch allows one gradient collector per process, so exactly one thread (the
 * learner's) may use a trainer; it owns the AdamW state.
 */
public final class PolicyTrainer implements AutoCloseable {

  /** How a batch's weighted log-probs are averaged into the loss. */
  public enum Normalisation {
    /** loss = -(1/B) sum_i w_i sum_t log pi(y_it): the unbiased policy-gradient form. */
    SEQUENCE,
    /** loss = -(sum_i w_i sum_t log pi(y_it)) / (sum_i T_i): every token counts once (DAPO). */
    TOKEN
  }

  /** One training example: a sequence and its weight (an advantage, or 1 for imitation). */
  public record WeightedSequence(Sequence sequence, double weight) {}

  /** What a step did: the loss and the global gradient norm before clipping. */
  public record StepResult(double loss, double gradNorm) {}

  private final Policy policy;
  private final LlamaModel model;
  private final TrainerSettings settings;
  private final NDManager state;
  private final Map<String, NDArray> firstMoment = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoment = new LinkedHashMap<>();
  private long step;

  public PolicyTrainer(Policy policy, TrainerSettings settings) {
    this.policy = policy;
    this.model = policy.model();
    this.settings = settings;
    this.state = model.manager().newSubManager();
    model.parameters().forEach((name, p) -> {
      p.setRequiresGradient(true);
      firstMoment.put(name, state.zeros(p.getShape(), p.getDataType()));
      secondMoment.put(name, state.zeros(p.getShape(), p.getDataType()));
    });
  }

  /** Optimizer steps taken so far. */
  public long steps() {
    return step;
  }

  /**
   * One AdamW step on loss = -sum_i w_i sum_t log pi(y_it | x_i, y_i<t) / normaliser; the gradient
   * is clipped to {@code maxGradNorm} in global L2 norm first.
   */
  public StepResult step(List<WeightedSequence> batch, Normalisation normalisation) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("a training step needs at least one sequence");
    }
    SequenceBatch sequences = new SequenceBatch(
        batch.stream().map(WeightedSequence::sequence).toList(), model.config().maxPositions());
    double normaliser = normalisation == Normalisation.SEQUENCE ? batch.size()
        : batch.stream().mapToInt(w -> w.sequence().completionIds().length).sum();
    double[] rowWeights = batch.stream().mapToDouble(w -> -w.weight() / normaliser).toArray();
    try (NDManager manager = model.manager().newSubManager()) {
      double loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray tokenLogprobs = sequences.tokenLogprobs(model, manager, 1); // (B, L-1)
        NDArray weights = manager.create(sequences.completionWeights(rowWeights),
            new Shape(batch.size(), sequences.width)).toType(tokenLogprobs.getDataType(), false);
        NDArray objective = tokenLogprobs.mul(weights).sum();
        collector.backward(objective);
        loss = objective.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
      }
      JniUtils.setGradMode(false);
      double norm = applyAdamW(manager);
      return new StepResult(loss, norm);
    }
  }

  /** Clips the gradients, applies AdamW (decoupled weight decay on matrices), zeroes gradients. */
  private double applyAdamW(NDManager manager) {
    Map<String, NDArray> gradients = gradients(manager, name -> true);
    double squares = 0;
    for (NDArray g : gradients.values()) {
      squares += g.square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }
    double norm = Math.sqrt(squares);
    double clip = norm > settings.maxGradNorm() ? settings.maxGradNorm() / norm : 1;
    step++;
    double lr = settings.learningRate();
    double b1 = settings.beta1();
    double b2 = settings.beta2();
    // m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t); p -= lr * (m_hat / (sqrt(v_hat) + eps) + wd p).
    double firstCorrection = 1 - Math.pow(b1, step);
    double secondCorrection = 1 - Math.pow(b2, step);
    for (Map.Entry<String, NDArray> entry : gradients.entrySet()) {
      String name = entry.getKey();
      NDArray p = model.parameters().get(name);
      NDArray g = entry.getValue().mul(LlamaModel.scalar(entry.getValue(), clip));
      NDArray m = firstMoment.get(name);
      NDArray v = secondMoment.get(name);
      m.muli(LlamaModel.scalar(g, b1)).addi(g.mul(LlamaModel.scalar(g, 1 - b1)));
      v.muli(LlamaModel.scalar(g, b2)).addi(g.square().mul(LlamaModel.scalar(g, 1 - b2)));
      NDArray denominator = v.div(LlamaModel.scalar(g, secondCorrection)).sqrt()
          .add(LlamaModel.scalar(g, settings.epsilon()));
      NDArray update = m.div(denominator).mul(LlamaModel.scalar(g, lr / firstCorrection));
      if (p.getShape().dimension() >= 2 && settings.weightDecay() > 0) {
        p.muli(LlamaModel.scalar(g, 1 - lr * settings.weightDecay()));
      }
      p.subi(update);
      entry.getValue().close();
    }
    zeroGradients();
    return norm;
  }

  /** Copies of the selected parameters' gradients, attached to {@code manager}. */
  private Map<String, NDArray> gradients(NDManager manager, Predicate<String> selected) {
    Map<String, NDArray> copies = new LinkedHashMap<>();
    model.parameters().forEach((name, p) -> {
      if (selected.test(name)) {
        try (NDArray gradient = p.getGradient()) {
          NDArray copy = gradient.duplicate();
          copy.attach(manager);
          copies.put(name, copy);
        }
      }
    });
    return copies;
  }

  private void zeroGradients() {
    for (NDArray p : model.parameters().values()) {
      try (NDArray gradient = p.getGradient()) {
        gradient.subi(gradient);
      }
    }
  }

  /**
   * Per-sample gradient vectors of log pi(y_i | x_i) (the summed completion log-prob), each
   * flattened over the parameters whose Hugging Face name satisfies {@code selected} (in
   * checkpoint order) and optionally compressed by {@code projection}. Weights are unchanged.
   *
   * @param out the manager the result is attached to (the caller closes it)
   * @return (N, P) or (N, projection.dimension()), native
   */
  public NDArray gradients(
      List<Sequence> sequences, Predicate<String> selected, GradientProjection projection,
      NDManager out) {
    NDList rows = new NDList();
    try (NDManager manager = model.manager().newSubManager()) {
      for (Sequence sequence : sequences) {
        SequenceBatch single = new SequenceBatch(List.of(sequence), model.config().maxPositions());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray tokenLogprobs = single.tokenLogprobs(model, manager, 1);
          NDArray weights = manager.create(single.completionWeights(new double[] {1}),
              new Shape(1, single.width)).toType(tokenLogprobs.getDataType(), false);
          collector.backward(tokenLogprobs.mul(weights).sum());
        }
        JniUtils.setGradMode(false);
        NDList flat = new NDList();
        gradients(manager, selected).values().forEach(g -> flat.add(g.flatten()));
        if (flat.isEmpty()) {
          throw new IllegalArgumentException("no parameter is selected; names: "
              + policy.parameterNames());
        }
        NDArray vector = LlamaModel.concat(flat); // (P)
        rows.add(projection == null ? vector : projection.apply(vector));
        zeroGradients();
      }
      NDArray stacked = ai.djl.ndarray.NDArrays.stack(rows); // (N, P or d)
      stacked.attach(out);
      return stacked;
    }
  }

  /**
   * Supervised warm-start: next-token cross-entropy on the completions of {@code task}'s
   * demonstrations (token-normalised), {@code steps} AdamW steps of {@code batchSize} fresh
   * demonstrations each, deterministic given {@code seed}.
   *
   * @return the last step's result
   */
  public StepResult warmStart(Task task, int steps, int batchSize, long seed) {
    StepResult last = null;
    for (int s = 0; s < steps; s++) {
      List<WeightedSequence> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        long index = (long) s * batchSize + i;
        var prompt = task.prompt(seed, index);
        Demonstration d = new Demonstration(prompt, task.demonstration(prompt));
        batch.add(new WeightedSequence(policy.encode(d.prompt().text(), d.completion()), 1));
      }
      last = step(batch, Normalisation.TOKEN);
    }
    return last;
  }

  @Override
  public void close() {
    state.close();
  }
}
