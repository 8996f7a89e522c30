package org.ttt4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;

/**
 * Moves host data into libtorch-owned memory.
 *
 * <p>Why: DJL's PyTorch engine creates an array from Java data with {@code torch::from_blob} over a
 * direct ByteBuffer that only the Java wrapper keeps alive. Any tensor that shares that storage
 * (a view, a tensor saved by autograd) outlives the wrapper's reachability and reads freed memory
 * once the garbage collector reclaims the buffer: we saw NaN losses after 20-40 TTT steps. Every
 * array made from host data therefore goes through here and owns a libtorch copy. The same holds
 * for DJL's scalar operands ({@code x.mul(0.5f)} wraps 0.5 in such a blob array and closes it at
 * once): inside a differentiated computation, multiply by a model-owned constant array instead.
 */
public final class HostArrays {

  private HostArrays() {}

  /** A libtorch-owned float32 array with these values, owned by {@code m}. */
  public static NDArray of(NDManager m, float[] values, Shape shape) {
    try (NDArray blob = m.create(values, shape)) {
      return owned(blob, m);
    }
  }

  /** A libtorch-owned int64 array with these values, owned by {@code m}. */
  public static NDArray of(NDManager m, long[] values, Shape shape) {
    try (NDArray blob = m.create(values, shape)) {
      return owned(blob, m);
    }
  }

  private static NDArray owned(NDArray blob, NDManager m) {
    NDArray copy = blob.duplicate();     // torch clone: new storage owned by libtorch
    copy.attach(m);
    return copy;
  }

  /** {@code dst[...] = src} in place, without autograd (torch's {@code dst.copy_(src)}). */
  public static void copyInto(NDArray dst, NDArray src) {
    if (!dst.getShape().equals(src.getShape())) {
      throw new IllegalArgumentException("cannot copy " + src.getShape() + " into "
          + dst.getShape());
    }
    long[] shape = dst.getShape().getShape();
    long[] step = new long[shape.length];
    Arrays.fill(step, 1);
    JniUtils.indexSet((PtNDArray) dst, (PtNDArray) src, new long[shape.length], shape, step);
  }

  /** Overwrites {@code dst} with zeros (a copy, not a multiply: stale NaN or Inf become 0 too). */
  public static void setZero(NDArray dst) {
    try (NDArray zeros = dst.zerosLike()) {
      copyInto(dst, zeros);
    }
  }

  /** Overwrites {@code dst} with host values (through a temporary libtorch copy). */
  public static void copyInto(NDArray dst, float[] values) {
    try (NDManager tmp = dst.getManager().newSubManager()) {
      copyInto(dst, of(tmp, values, dst.getShape()));
    }
  }
}
