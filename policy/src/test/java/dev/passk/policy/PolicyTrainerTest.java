package dev.passk.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.passk.policy.PolicyTrainer.Normalisation;
import dev.passk.policy.PolicyTrainer.WeightedSequence;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTrainerTest {

  private static final List<String> CHECKED = List.of(
      "model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight",
      "model.layers.0.self_attn.k_proj.bias", "model.layers.1.mlp.down_proj.weight",
      "model.layers.1.post_attention_layernorm.weight", "model.norm.weight", "lm_head.weight");

  /** A float64 model with every optional part: q/k/v bias, GQA, untied head. */
  private static Policy float64Policy() throws Exception {
    LlamaConfig config = new LlamaConfig(CharTokenizer.vocabulary().size(), 16, 24, 2, 4, 2, 4,
        32, 10000, 1e-6, true, false, false, CharTokenizer.BOS_ID, List.of(CharTokenizer.EOS_ID));
    return Policy.random(config, CharTokenizer.json(), 11, Device.cpu(), DataType.FLOAT64);
  }

  @Test
  void analyticGradientOfSumLogprobMatchesCentralFiniteDifferences() throws Exception {
    try (Policy policy = float64Policy();
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults());
        NDManager out = NDManager.newBaseManager(Device.cpu())) {
      Sequence sequence = policy.encode("12+34=", "46");
      for (String name : CHECKED) {
        NDArray gradient = trainer.gradients(List.of(sequence), name::equals, null, out);
        NDArray parameter = policy.model().parameters().get(name);
        long size = parameter.getShape().size();
        for (long flat : new long[] {0, size / 3, size - 1}) {
          long[] index = unflatten(parameter.getShape().getShape(), flat);
          double original = parameter.getDouble(index);
          double step = 1e-5;
          parameter.set(new NDIndex(index), original + step);
          double plus = policy.logprobs(List.of(sequence)).get(0).sum();
          parameter.set(new NDIndex(index), original - step);
          double minus = policy.logprobs(List.of(sequence)).get(0).sum();
          parameter.set(new NDIndex(index), original);
          double numeric = (plus - minus) / (2 * step);
          double analytic = gradient.getDouble(0, flat);
          assertEquals(numeric, analytic, 1e-7 + 1e-6 * Math.abs(numeric), name + " " + flat);
        }
      }
    }
  }

  /** Row-major multi-index of flat position {@code flat}. */
  private static long[] unflatten(long[] shape, long flat) {
    long[] index = new long[shape.length];
    for (int axis = shape.length - 1; axis >= 0; axis--) {
      index[axis] = flat % shape[axis];
      flat /= shape[axis];
    }
    return index;
  }

  @Test
  void gradientsAreZeroedBetweenSamplesAndStackInOrder() throws Exception {
    try (Policy policy = float64Policy();
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults());
        NDManager out = NDManager.newBaseManager(Device.cpu())) {
      Sequence a = policy.encode("1+1=", "2");
      Sequence b = policy.encode("9*9=", "81");
      String head = policy.headParameterName();
      NDArray both = trainer.gradients(List.of(a, b, a), head::equals, null, out);
      NDArray alone = trainer.gradients(List.of(b), head::equals, null, out);
      assertEquals(3, both.getShape().get(0));
      assertTrue(both.get(1).sub(alone.get(0)).abs().max().getDouble() < 1e-12);
      assertTrue(both.get(0).sub(both.get(2)).abs().max().getDouble() < 1e-12);
    }
  }

  @Test
  void projectionPreservesInnerProductsExactlyAtFullDimensionAndUnbiasedBelow() throws Exception {
    try (Policy policy = float64Policy();
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults());
        NDManager out = NDManager.newBaseManager(Device.cpu())) {
      List<Sequence> sequences = List.of(policy.encode("1+1=", "2"), policy.encode("3+4=", "7"));
      String prefix = policy.lastLayerPrefix();
      NDArray full = trainer.gradients(sequences, n -> n.startsWith(prefix), null, out);
      long length = full.getShape().get(1);
      double exact = full.get(0).dot(full.get(1)).getDouble();
      try (GradientProjection signedPermutation =
          new GradientProjection(length, (int) length, 1, full)) {
        NDArray projected = trainer.gradients(sequences, n -> n.startsWith(prefix),
            signedPermutation, out);
        assertEquals(exact, projected.get(0).dot(projected.get(1)).getDouble(),
            1e-9 * Math.abs(exact));
      }
      double mean = 0;
      int seeds = 200;
      for (int seed = 0; seed < seeds; seed++) {
        try (GradientProjection sketch = new GradientProjection(length, 64, seed, full)) {
          mean += sketch.apply(full.get(0)).dot(sketch.apply(full.get(1))).getDouble() / seeds;
        }
      }
      double scale = full.get(0).norm().getDouble() * full.get(1).norm().getDouble();
      // Sketch variance <= 2 |x|^2 |y|^2 / d: 200 seeds give a standard error <= 0.0125 |x||y|.
      assertEquals(exact, mean, 0.05 * scale);
    }
  }

  @Test
  void aPositiveWeightRaisesAndANegativeWeightLowersTheLogprob() throws Exception {
    for (double weight : new double[] {1, -1}) {
      try (Policy policy = Policy.tiny(4, Device.cpu());
          PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
        Sequence s = policy.encode("5+5=", "10");
        double before = policy.logprobs(List.of(s)).get(0).sum();
        for (int i = 0; i < 5; i++) {
          trainer.step(List.of(new WeightedSequence(s, weight)), Normalisation.SEQUENCE);
        }
        double after = policy.logprobs(List.of(s)).get(0).sum();
        assertTrue(weight > 0 ? after > before + 0.5 : after < before - 0.5,
            "weight " + weight + ": " + before + " -> " + after);
        assertEquals(5, trainer.steps());
      }
    }
  }

  @Test
  void theLossIsTheNormalisedNegativeWeightedLogprob() throws Exception {
    try (Policy policy = Policy.tiny(4, Device.cpu());
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults())) {
      Sequence a = policy.encode("1+2=", "3");
      Sequence b = policy.encode("10+20=", "30");
      List<SequenceLogprobs> lp = policy.logprobs(List.of(a, b));
      double expectedSequence = -(0.5 * lp.get(0).sum() - 2 * lp.get(1).sum()) / 2;
      List<WeightedSequence> batch = List.of(new WeightedSequence(a, 0.5),
          new WeightedSequence(b, -2));
      assertEquals(expectedSequence, trainer.step(batch, Normalisation.SEQUENCE).loss(), 1e-5);
      List<SequenceLogprobs> lp2 = policy.logprobs(List.of(a, b));
      double expectedToken2 = -(0.5 * lp2.get(0).sum() - 2 * lp2.get(1).sum()) / (2 + 3);
      assertEquals(expectedToken2, trainer.step(batch, Normalisation.TOKEN).loss(), 1e-5);
    }
  }
}
