package dev.passk.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * A seeded sparse random projection (CountSketch, Charikar et al. 2002) from R^P to R^d:
 * coordinate j goes to bucket h(j) with sign s(j), h a random balanced assignment and s random
 * signs. For fixed vectors x, y: E[<Sx, Sy>] = <x, y>, so Gram matrices of projected gradients are
 * unbiased; with d >= P it is a signed permutation and preserves inner products exactly. Applied
 * natively as one gather, one multiply and one sum.
 */
public final class GradientProjection implements AutoCloseable {

  private final int dimension;
  private final NDManager manager;
  private final NDArray order; // (ceil(P/d) * d) source index of each slot, P marks an empty slot
  private final NDArray signs; // (ceil(P/d) * d), 0 on empty slots
  private final long inputs;

  /**
   * @param inputs P, the length of the vectors to project
   * @param dimension d
   * @param seed fixes h and s
   * @param like an array whose manager, device and type the projection uses
   */
  public GradientProjection(long inputs, int dimension, long seed, NDArray like) {
    if (dimension < 1) {
      throw new IllegalArgumentException("projection dimension must be >= 1, got " + dimension);
    }
    this.dimension = dimension;
    this.inputs = inputs;
    this.manager = like.getManager().newSubManager();
    int rowsOfSlots = (int) ((inputs + dimension - 1) / dimension);
    int slots = rowsOfSlots * dimension;
    long[] source = new long[slots];
    float[] sign = new float[slots];
    SplittableRandom random = new SplittableRandom(seed);
    int[] permutation = new int[slots];
    for (int i = 0; i < slots; i++) {
      permutation[i] = i;
    }
    for (int i = slots - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = swap;
    }
    // Slot k holds input permutation[k] when that index is < P; bucket of slot k is k mod d.
    for (int k = 0; k < slots; k++) {
      source[k] = Math.min(permutation[k], inputs);
      sign[k] = permutation[k] < inputs ? (random.nextBoolean() ? 1f : -1f) : 0f;
    }
    this.order = manager.create(source);
    this.signs = manager.create(sign).toType(like.getDataType(), false);
  }

  public int dimension() {
    return dimension;
  }

  /** Projects a vector of length P; the result is in the vector's manager. */
  public NDArray apply(NDArray vector) {
    if (vector.getShape().size() != inputs) {
      throw new IllegalArgumentException("projection built for vectors of length " + inputs
          + ", got " + vector.getShape());
    }
    NDArray padded = vector.concat(vector.getManager().zeros(new Shape(1), vector.getDataType()));
    NDArray gathered = padded.get(order).mul(signs); // (slots)
    return gathered.reshape(-1, dimension).sum(new int[] {0}); // (d)
  }

  @Override
  public void close() {
    manager.close();
  }
}
