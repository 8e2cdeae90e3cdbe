package dev.passk.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadGradientsTest {

  /** Untied head, so autograd's gradient of lm_head.weight is exactly the head's share. */
  private static Policy untiedFloat64() throws Exception {
    LlamaConfig config = new LlamaConfig(CharTokenizer.vocabulary().size(), 16, 24, 2, 4, 2, 4,
        32, 10000, 1e-6, false, false, false, CharTokenizer.BOS_ID, List.of(CharTokenizer.EOS_ID));
    return Policy.random(config, CharTokenizer.json(), 5, Device.cpu(), DataType.FLOAT64);
  }

  private static List<Sequence> sequences(Policy policy) {
    // different prompt and completion lengths, so padding and token-to-row mapping matter
    return List.of(policy.encode("1+1=", "2"), policy.encode("s=+0.30?", "A"),
        policy.encode("12+34=", "46"), policy.encode("9*9=", "81"));
  }

  @Test
  void combinationsOfHeadGradientsMatchAutogradOnTheHead() throws Exception {
    try (Policy policy = untiedFloat64();
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults());
        NDManager out = NDManager.newBaseManager(Device.cpu())) {
      List<Sequence> sequences = sequences(policy);
      NDArray autograd = trainer.gradients(sequences, "lm_head.weight"::equals, null, out);
      double[][] coefficients = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1},
          {0.5, -2, 0, 3}};
      NDArray fast = policy.headGradients(sequences, out).combine(coefficients, out);
      assertEquals(autograd.getShape().get(1), fast.getShape().get(1));
      for (int i = 0; i < 4; i++) {
        assertArrayEquals(autograd.get(i).toDoubleArray(), fast.get(i).toDoubleArray(), 1e-10);
      }
      NDArray mixed = autograd.get(0).mul(LlamaModel.scalar(autograd, 0.5))
          .sub(autograd.get(1).mul(LlamaModel.scalar(autograd, 2)))
          .add(autograd.get(3).mul(LlamaModel.scalar(autograd, 3)));
      assertArrayEquals(mixed.toDoubleArray(), fast.get(4).toDoubleArray(), 1e-10);
      assertEquals(0, policy.parameter("lm_head.weight", out).sub(
          policy.parameter("lm_head.weight", out)).abs().max().getDouble());
    }
  }

  @Test
  void theFloat32TinyPolicyAgreesWithAutogradTo1e5() throws Exception {
    LlamaConfig tied = Policy.tinyConfig();
    LlamaConfig untied = new LlamaConfig(tied.vocabSize(), tied.hiddenSize(),
        tied.intermediateSize(), tied.numLayers(), tied.numHeads(), tied.numKvHeads(),
        tied.headDim(), tied.maxPositions(), tied.ropeTheta(), tied.rmsNormEps(), tied.qkvBias(),
        tied.outputBias(), false, tied.bosTokenId(), tied.eosTokenIds());
    try (Policy policy = Policy.random(untied, CharTokenizer.json(), 3, Device.cpu(),
            DataType.FLOAT32);
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults());
        NDManager out = NDManager.newBaseManager(Device.cpu())) {
      List<Sequence> sequences = sequences(policy);
      NDArray autograd = trainer.gradients(sequences, "lm_head.weight"::equals, null, out);
      double[][] identity = new double[4][4];
      for (int i = 0; i < 4; i++) {
        identity[i][i] = 1;
      }
      NDArray fast = policy.headGradients(sequences, out).combine(identity, out);
      double worst = autograd.toType(DataType.FLOAT64, false)
          .sub(fast.toType(DataType.FLOAT64, false)).abs().max().getDouble();
      assertEquals(0, worst, 1e-5);
    }
  }

  @Test
  void aStepsWeightRuleSeesTheCurrentLogprobsAndHeadGradients() throws Exception {
    try (Policy policy = untiedFloat64();
        PolicyTrainer trainer = new PolicyTrainer(policy, TrainerSettings.defaults());
        NDManager out = NDManager.newBaseManager(Device.cpu())) {
      List<Sequence> sequences = sequences(policy);
      double[] atOne = policy.logprobs(sequences).stream().mapToDouble(SequenceLogprobs::sum).toArray();
      double[] atHalf = policy.logprobs(sequences, 0.5).stream()
          .mapToDouble(SequenceLogprobs::sum).toArray();
      double[] expected = policy.headGradients(sequences, out)
          .combine(new double[][] {{1, 1, 1, 1}}, out).toDoubleArray();
      double[][] seen = new double[3][];
      trainer.step(sequences, pass -> {
        seen[0] = pass.logprobs(1);
        seen[1] = pass.logprobs(0.5);
        seen[2] = pass.headGradients().combine(new double[][] {{1, 1, 1, 1}}, out).toDoubleArray();
        return new double[] {1, 1, 1, 1};
      }, PolicyTrainer.Normalisation.SEQUENCE);
      assertArrayEquals(atOne, seen[0], 1e-10);
      assertArrayEquals(atHalf, seen[1], 1e-10);
      assertArrayEquals(expected, seen[2], 1e-10);
    }
  }
}
