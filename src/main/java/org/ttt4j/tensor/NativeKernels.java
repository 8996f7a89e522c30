package org.ttt4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Fused loops over lists of parameters (src/main/native/kernels.c): the SGD-with-momentum and
 * AdamW updates and a weight restore, each one native call for all parameters where the libtorch
 * path costs several JNI calls and memory passes per parameter. The SGD loop and the copy give
 * bitwise what the libtorch ops give (the same float operations in the same order, no fused
 * multiply-add); the AdamW loop follows torch.optim.AdamW's formula with every operation rounded
 * on its own, so it differs from libtorch's kernels by float rounding only. Callers fall back to
 * libtorch when the library is unavailable (not Linux x86-64) or turned off with
 * {@code -Dttt4j.native=off}.
 *
 * <p>The loops read and write the arrays' memory directly, so every array handed to them must be a
 * contiguous float32 CPU array that stays alive during the call: {@link #address} checks the first
 * two, callers own the third.
 */
public final class NativeKernels {

  private static final boolean AVAILABLE = load();

  private NativeKernels() {}

  /** The direct-mapped entry points (JNA). */
  private static final class Lib {
    static native void ttt4j_sgd_momentum(int count, long[] params, long[] velocity, long[] grads,
        long[] sizes, byte[] fresh, float lr, float momentum, float weightDecay, int threads);

    static native void ttt4j_copy(int count, long[] dst, long[] src, long[] bytes, int threads);

    static native void ttt4j_adamw(int count, long[] params, long[] first, long[] second,
        long[] grads, long[] sizes, byte[] decay, byte[] fresh, float lr, float weightDecay,
        float beta1, float beta2, float step, float eps, int threads);
  }

  private static boolean load() {
    NativeLibrary lib = open("libttt4j_kernels.so");
    if (lib == null) {
      return false;
    }
    try {
      Native.register(Lib.class, lib);
      return true;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      return false;
    }
  }

  /**
   * Opens another of the shipped native libraries ({@code src/main/native}, built by
   * tools/native/build.sh), or returns null when it cannot run here (not Linux x86-64, turned off
   * with {@code -Dttt4j.native=off}, missing or unloadable).
   */
  public static NativeLibrary open(String name) {
    if ("off".equalsIgnoreCase(System.getProperty("ttt4j.native", "on"))
        || !NativeLibraries.platformSupported()) {
      return null;
    }
    try {
      Path lib = NativeLibraries.extract(name);
      return lib == null ? null : NativeLibrary.getInstance(lib.toString());
    } catch (java.io.IOException | RuntimeException | UnsatisfiedLinkError e) {
      return null;
    }
  }

  /** True when the fused loops can run in this process. */
  public static boolean available() {
    return AVAILABLE;
  }

  /** What {@code ttt4j version} and manifests say about the fused loops. */
  public static String status() {
    return AVAILABLE ? "fused native loops (SGD, AdamW, restore)"
        : "off (libtorch ops only" + (NativeLibraries.platformSupported() ? ", -Dttt4j.native=off)"
            : ": not Linux x86-64)");
  }

  /**
   * The address of the memory of {@code a}, which must be a contiguous float32 array on the CPU
   * (checked: DJL hands out a contiguous copy of anything else, whose address changes per call).
   */
  public static long address(NDArray a) {
    if (a.getDataType() != DataType.FLOAT32 || !ai.djl.Device.cpu().equals(a.getDevice())) {
      throw new IllegalArgumentException("fused loops need float32 CPU arrays, got "
          + a.getDataType() + " on " + a.getDevice());
    }
    long first = rawAddress(a);
    if (rawAddress(a) != first) {
      throw new IllegalArgumentException("fused loops need contiguous arrays; "
          + (a.getName() == null ? "an array" : a.getName()) + " of shape " + a.getShape()
          + " is not");
    }
    return first;
  }

  /** The address without the contiguity check, for arrays whose layout is known (gradients). */
  static long rawAddress(NDArray a) {
    ByteBuffer b = JniUtils.getByteBuffer((PtNDArray) a, true);
    return Pointer.nativeValue(Native.getDirectBufferPointer(b));
  }

  /**
   * The address of the gradient of parameter {@code p}, or 0 when it has none. Autograd gives a
   * contiguous parameter a contiguous gradient, which it then accumulates in place.
   */
  public static long gradientAddress(NDArray p) {
    try (PtNDArray g = JniUtils.getGradient((PtNDArray) p)) {
      return g == null ? 0 : rawAddress(g);
    }
  }

  /**
   * Throws unless every array is still open: the fused loops write raw memory, so they must never
   * run on arrays whose storage may already be freed (libtorch ops would throw for closed arrays).
   */
  public static void requireOpen(List<NDArray> arrays, String what) {
    for (NDArray a : arrays) {
      if (a.isReleased()) {
        throw new IllegalStateException(what + " " + (a.getName() == null ? "" : a.getName() + " ")
            + "was closed; close the adapter or optimizer before the model it works on");
      }
    }
  }

  /** Fills {@code out[i]} with {@link #gradientAddress} of {@code params.get(i)}. */
  public static void gradientAddresses(List<NDArray> params, long[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = gradientAddress(params.get(i));
    }
  }

  /** After a fused update: state that starts at the first gradient has started where one came. */
  public static void markStarted(long[] grads, byte[] fresh) {
    for (int i = 0; i < grads.length; i++) {
      if (grads[i] != 0) {
        fresh[i] = 0;
      }
    }
  }

  /**
   * Addresses of each list's arrays (checked as {@link #address}), one row per list; null when the
   * fused loops cannot serve these arrays (not available here, or an array is not a contiguous
   * float32 CPU array): the caller then keeps its libtorch path.
   */
  @SafeVarargs
  public static long[][] addressesOrNull(List<NDArray>... lists) {
    if (!AVAILABLE) {
      return null;
    }
    try {
      long[][] out = new long[lists.length][];
      for (int k = 0; k < lists.length; k++) {
        out[k] = addresses(lists[k]);
      }
      return out;
    } catch (IllegalArgumentException notContiguousFloat) {
      return null;
    }
  }

  /** Addresses of the arrays of a list, checked as {@link #address}. */
  public static long[] addresses(List<NDArray> arrays) {
    long[] out = new long[arrays.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = address(arrays.get(i));
    }
    return out;
  }

  /**
   * For each i with {@code grads[i] != 0}: g += wd·p (when wd > 0); v = m·v + lr·g (0 + lr·g when
   * {@code fresh[i]}); p -= v; g = 0. Sizes are element counts.
   */
  public static void sgdMomentum(long[] params, long[] velocity, long[] grads, long[] sizes,
      byte[] fresh, float lr, float momentum, float weightDecay) {
    requireAvailable();
    Lib.ttt4j_sgd_momentum(params.length, params, velocity, grads, sizes, fresh, lr, momentum,
        weightDecay, threads());
  }

  /**
   * For each i with {@code grads[i] != 0} (moments start at zero where {@code fresh[i]}):
   * p -= p·lr·wd (where {@code decay[i]}); m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
   * p -= m·step / (√v + eps); g = 0. {@code step} and {@code eps} carry the bias corrections.
   */
  public static void adamw(long[] params, long[] first, long[] second, long[] grads, long[] sizes,
      byte[] decay, byte[] fresh, float lr, float weightDecay, float beta1, float beta2, float step,
      float eps) {
    requireAvailable();
    Lib.ttt4j_adamw(params.length, params, first, second, grads, sizes, decay, fresh, lr,
        weightDecay, beta1, beta2, step, eps, threads());
  }

  /** Copies {@code bytes[i]} bytes from {@code src[i]} to {@code dst[i]}, for every i. */
  public static void copy(long[] dst, long[] src, long[] bytes) {
    requireAvailable();
    Lib.ttt4j_copy(dst.length, dst, src, bytes, threads());
  }

  /** The loops use as many threads as libtorch's intra-op pool (TTT4J_THREADS). */
  private static int threads() {
    return Math.max(1, JniUtils.getNumThreads());
  }

  private static void requireAvailable() {
    if (!AVAILABLE) {
      throw new IllegalStateException("the fused native loops are not available here ("
          + status() + "); check NativeKernels.available() first");
    }
  }
}
