package dev.passk.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of the tokens seen so far, one pair per layer, each (B, KVH, S, hd) after
 * rotation. Appending concatenates along S and frees the previous arrays.
 */
final class KvCache {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;

  /** @param manager owns the cached arrays (outlives the per-step managers) */
  KvCache(NDManager manager, int layers) {
    this.manager = manager;
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Appends this step's (B, KVH, T, hd) keys and values; returns the whole (B, KVH, S, hd). */
  NDList append(int layer, NDArray key, NDArray value) {
    keys[layer] = extend(keys[layer], key);
    values[layer] = extend(values[layer], value);
    return new NDList(keys[layer], values[layer]);
  }

  private NDArray extend(NDArray cached, NDArray fresh) {
    NDArray whole = cached == null ? fresh.duplicate() : cached.concat(fresh, 2);
    whole.attach(manager);
    if (cached != null) {
      cached.close();
    }
    return whole;
  }
}
