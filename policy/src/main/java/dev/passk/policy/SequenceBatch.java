package dev.passk.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Right-padded sequences for teacher forcing: inputs are tokens 0..L-2, targets tokens 1..L-1,
 * and target t of row b is scored when it belongs to the completion. Right padding leaves every
 * real position's causal context unchanged, so one causal mask serves the whole batch.
 */
final class SequenceBatch {

  final List<Sequence> sequences;
  final int width; // L - 1 of the longest sequence

  SequenceBatch(List<Sequence> sequences, int maxPositions) {
    this.sequences = sequences;
    int longest = 0;
    for (Sequence s : sequences) {
      if (s.length() > maxPositions) {
        throw new IllegalArgumentException("cannot score a sequence of " + s.length()
            + " tokens, the model's context is " + maxPositions);
      }
      longest = Math.max(longest, s.length());
    }
    this.width = longest - 1;
  }

  /** First scored target index of row b: the target at t is token t+1. */
  int firstScored(int b) {
    return sequences.get(b).promptIds().length - 1;
  }

  /**
   * Per-token log pi(target) of every (row, position), (B, L-1), in {@code manager}; positions
   * outside a completion hold values to ignore.
   */
  NDArray tokenLogprobs(LlamaModel model, NDManager manager, double temperature) {
    return forward(model, manager).tokenLogprobs(temperature);
  }

  /**
   * One teacher-forced pass: final hidden states (B, L-1, d), logits (B, L-1, V) and target ids
   * (B, L-1) in {@code manager}; under a gradient collector the graph is recorded.
   */
  Forward forward(LlamaModel model, NDManager manager) {
    int rows = sequences.size();
    long[] inputs = new long[rows * width];
    long[] targets = new long[rows * width];
    long pad = model.config().eosTokenId();
    for (int b = 0; b < rows; b++) {
      Sequence s = sequences.get(b);
      for (int t = 0; t < width; t++) {
        inputs[b * width + t] = t < s.length() - 1 ? token(s, t) : pad;
        targets[b * width + t] = t < s.length() - 1 ? token(s, t + 1) : pad;
      }
    }
    DataType type = model.dataType();
    double[] positions = new double[width];
    float[] causal = new float[width * width];
    for (int q = 0; q < width; q++) {
      positions[q] = q;
      for (int k = q + 1; k < width; k++) {
        causal[q * width + k] = LlamaModel.MASKED;
      }
    }
    NDArray hidden = model.hidden(
        manager.create(inputs, new Shape(rows, width)),
        manager.create(positions, new Shape(1, width)).toType(type, false),
        manager.create(causal, new Shape(1, 1, width, width)).toType(type, false),
        null); // (B, L-1, d)
    return new Forward(hidden, model.head(hidden), manager.create(targets, new Shape(rows, width)));
  }

  /** The outputs of {@link #forward}. */
  record Forward(NDArray hidden, NDArray logits, NDArray targets) {

    /** log softmax(logits / temperature) at each target, (B, L-1). */
    NDArray tokenLogprobs(double temperature) {
      NDArray scaled = temperature == 1 ? logits
          : logits.mul(LlamaModel.scalar(logits, 1 / temperature));
      return scaled.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
    }
  }

  /** Flat indices b * (L-1) + t of every completion target, row by row, and each one's row. */
  long[] completionPositions() {
    int count = 0;
    for (Sequence s : sequences) {
      count += s.completionIds().length;
    }
    long[] positions = new long[count];
    int next = 0;
    for (int b = 0; b < sequences.size(); b++) {
      for (int t = firstScored(b); t < sequences.get(b).length() - 1; t++) {
        positions[next++] = (long) b * width + t;
      }
    }
    return positions;
  }

  /** Host weights (B, L-1): {@code rowWeight[b] * scale} on row b's completion targets, else 0. */
  float[] completionWeights(double[] rowWeights) {
    float[] weights = new float[sequences.size() * width];
    for (int b = 0; b < sequences.size(); b++) {
      int first = firstScored(b);
      for (int t = first; t < sequences.get(b).length() - 1; t++) {
        weights[b * width + t] = (float) rowWeights[b];
      }
    }
    return weights;
  }

  /** Splits host per-token log-probs (B, L-1) into each row's completion log-probs. */
  List<SequenceLogprobs> split(double[] all) {
    return java.util.stream.IntStream.range(0, sequences.size()).mapToObj(b -> {
      double[] tokens = new double[sequences.get(b).completionIds().length];
      double sum = 0;
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = all[b * width + firstScored(b) + i];
        sum += tokens[i];
      }
      return new SequenceLogprobs(tokens, sum);
    }).toList();
  }

  private static long token(Sequence s, int t) {
    int promptLength = s.promptIds().length;
    return t < promptLength ? s.promptIds()[t] : s.completionIds()[t - promptLength];
  }
}
