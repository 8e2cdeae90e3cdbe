package dev.passk.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Named arrays encoded as one safetensors file in memory, the buffer sized up front (no regrowth copies). */
final class SafetensorsBytes {

  /** Room for the JSON header: name, dtype, shape and offsets of every array. */
  private static final int HEADER_BYTES_PER_ARRAY = 256;

  private SafetensorsBytes() {}

  static byte[] of(NDList arrays) throws IOException {
    long size = 0;
    for (NDArray array : arrays) {
      size += array.getShape().size() * array.getDataType().getNumOfBytes() + HEADER_BYTES_PER_ARRAY;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size + 1024));
    arrays.encode(out, NDList.Encoding.SAFETENSORS);
    return out.toByteArray();
  }
}
