package dev.passk.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Per-sequence gradients of log pi(y | x) with respect to the output head W (V x d), in factored
 * form from one forward pass, without a backward pass. With logits z_t = W h_t, h_t the final
 * hidden state (after the last RMSNorm) that predicts completion token y_t,
 * <pre>
 *   d log softmax(z_t)[y_t] / dW = (e_{y_t} - softmax(z_t)) h_t^T          (softmax cross-entropy)
 *   grad_W log pi(y | x)         = sum_{t in completion} (e_{y_t} - p_t) h_t^T
 * </pre>
 * at temperature 1, as the trainer differentiates. This is the gradient with respect to the head
 * as the output layer (the paper's last-layer diagnostic): when the head is tied to the embedding,
 * the embedding lookup's share of that shared matrix's gradient is not part of it.
 *
 * <p>Vectors are flattened row-major like the (V, d) parameter, so they line up with {@link
 * PolicyTrainer#gradients} restricted to the head of an untied model.
 */
public final class HeadGradients {

  private final NDArray hidden; // (N, d): h_t of every completion token
  private final NDArray residual; // (N, V): e_{y_t} - p_t
  private final int[] rowOfToken; // sequence index of each token
  private final int sequences;

  private HeadGradients(NDArray hidden, NDArray residual, int[] rowOfToken, int sequences) {
    this.hidden = hidden;
    this.residual = residual;
    this.rowOfToken = rowOfToken;
    this.sequences = sequences;
  }

  /** The factors of one teacher-forced pass, detached from any graph, in {@code manager}. */
  static HeadGradients of(SequenceBatch batch, SequenceBatch.Forward forward, NDManager manager) {
    long[] positions = batch.completionPositions();
    int[] rows = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      rows[i] = (int) (positions[i] / batch.width);
    }
    NDArray index = forward.hidden().getManager().create(positions);
    long d = forward.hidden().getShape().get(2);
    long v = forward.logits().getShape().get(2);
    NDArray hidden = forward.hidden().stopGradient().reshape(-1, d).get(index);
    NDArray probabilities = forward.logits().stopGradient().reshape(-1, v).get(index).softmax(-1);
    NDArray targets = forward.targets().reshape(-1).get(index)
        .oneHot((int) v, probabilities.getDataType());
    NDArray residual = targets.sub(probabilities);
    hidden.attach(manager);
    residual.attach(manager);
    return new HeadGradients(hidden, residual, rows, batch.sequences.size());
  }

  /** Concatenates the factors of consecutive batches (sequence indices continue). */
  static HeadGradients concat(java.util.List<HeadGradients> parts, NDManager manager) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    NDList hiddens = new NDList();
    NDList residuals = new NDList();
    int tokens = 0;
    for (HeadGradients part : parts) {
      hiddens.add(part.hidden);
      residuals.add(part.residual);
      tokens += part.rowOfToken.length;
    }
    int[] rows = new int[tokens];
    int next = 0;
    int offset = 0;
    for (HeadGradients part : parts) {
      for (int row : part.rowOfToken) {
        rows[next++] = offset + row;
      }
      offset += part.sequences;
    }
    NDArray hidden = NDArrays.concat(hiddens);
    NDArray residual = NDArrays.concat(residuals);
    hidden.attach(manager);
    residual.attach(manager);
    for (HeadGradients part : parts) {
      part.hidden.close();
      part.residual.close();
    }
    return new HeadGradients(hidden, residual, rows, offset);
  }

  /** Number of sequences the factors cover. */
  public int sequences() {
    return sequences;
  }

  /** Length of one flattened head gradient, V * d. */
  public long dimension() {
    return residual.getShape().get(1) * hidden.getShape().get(1);
  }

  /**
   * Linear combinations of the per-sequence head gradients:
   * v_r = sum_i coefficients[r][i] grad_W log pi(y_i | x_i), as one batched matmul over each row's
   * tokens with a non-zero coefficient (rows that touch few sequences, such as one prompt's
   * samples, cost only their own tokens):
   * <pre>
   *   v_r = sum_{t : c_rt != 0} c_rt (e_{y_t} - p_t) h_t^T = R_r^T diag(c_r) H_r
   * </pre>
   *
   * @param coefficients R rows of {@link #sequences()} coefficients each
   * @param out the manager the result is attached to
   * @return (R, V * d), in the model's float type
   */
  public NDArray combine(double[][] coefficients, NDManager out) {
    int r = coefficients.length;
    int[][] tokens = new int[r][];
    int width = 1;
    for (int row = 0; row < r; row++) {
      if (coefficients[row].length != sequences) {
        throw new IllegalArgumentException("coefficient row " + row + " has "
            + coefficients[row].length + " entries for " + sequences + " sequences");
      }
      double[] c = coefficients[row];
      tokens[row] = java.util.stream.IntStream.range(0, rowOfToken.length)
          .filter(t -> c[rowOfToken[t]] != 0).toArray();
      width = Math.max(width, tokens[row].length);
    }
    long[] index = new long[r * width]; // padding points at token 0 with coefficient 0
    double[] scale = new double[r * width];
    for (int row = 0; row < r; row++) {
      for (int j = 0; j < tokens[row].length; j++) {
        index[row * width + j] = tokens[row][j];
        scale[row * width + j] = coefficients[row][rowOfToken[tokens[row][j]]];
      }
    }
    long d = hidden.getShape().get(1);
    long v = residual.getShape().get(1);
    try (NDManager scratch = out.newSubManager()) {
      NDArray at = scratch.create(index);
      NDArray c = scratch.create(scale, new Shape(r, width, 1)).toType(hidden.getDataType(), false);
      NDArray scaledHidden = c.mul(hidden.get(scratch, new ai.djl.ndarray.index.NDIndex("{}", at))
          .reshape(r, width, d)); // (R, W, d)
      NDArray residuals = residual.get(scratch, new ai.djl.ndarray.index.NDIndex("{}", at))
          .reshape(r, width, v).transpose(0, 2, 1); // (R, V, W)
      NDArray vectors = residuals.matMul(scaledHidden).reshape(r, dimension()); // (R, V, d) flat
      vectors.attach(out);
      return vectors;
    }
  }
}
