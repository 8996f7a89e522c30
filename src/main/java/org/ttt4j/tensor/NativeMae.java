package org.ttt4j.tensor;

import ai.djl.engine.Engine;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The binding of src/main/native/mae_step.c (the MAE loss, its backward pass and the encoder in
 * one native call each, on the MKL inside the loaded libtorch). The model package's FusedMaeLoss
 * says what the arguments mean; this class only loads the library and forwards calls. Off with
 * {@code -Dttt4j.native=off} or {@code -Dttt4j.native.mae=off}.
 */
public final class NativeMae {

  private static final boolean AVAILABLE = load();

  private NativeMae() {}

  /** The direct-mapped entry points (JNA). */
  private static final class Lib {
    static native int ttt4j_mae_available();

    static native int ttt4j_mae_own_gemm();

    static native String ttt4j_mae_error();

    static native float ttt4j_mae_loss_grad(int[] dims, long[] w, long[] gw, long[] sizes,
        Pointer pos, Pointer dpos, Pointer imgs, int[] idsKeep, int[] idsRestore, float eps,
        int threads);

    static native int ttt4j_mae_encode(int[] dims, long[] w, Pointer pos, Pointer imgs,
        Pointer out, float eps, int threads);
  }

  private static boolean load() {
    if ("off".equalsIgnoreCase(System.getProperty("ttt4j.native.mae", "on"))) {
      return false;
    }
    NativeLibrary lib = NativeKernels.open("libttt4j_mae.so");
    if (lib == null) {
      return false;
    }
    try {
      Native.register(Lib.class, lib);
      Engine.getInstance();                 // libtorch (and the MKL in it) must be loaded first
      return Lib.ttt4j_mae_available() == 1;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      return false;
    }
  }

  /** True when the native MAE loss can run in this process. */
  public static boolean available() {
    return AVAILABLE;
  }

  /** What {@code ttt4j version} and manifests say about it. */
  public static String status() {
    if (!AVAILABLE) {
      return "MAE loss by libtorch autograd";
    }
    return "fused native MAE loss, backward and encoder (MKL from libtorch"
        + (Lib.ttt4j_mae_own_gemm() == 1
            ? "; the encoder's products for classification by ttt4j's AVX-512 kernel)" : ")");
  }

  /** ttt4j_mae_loss_grad: the loss; NaN when it could not run ({@link #error} says why). */
  public static float lossAndGradients(int[] dims, long[] w, long[] gw, long[] sizes, Pointer pos,
      Pointer dpos, Pointer imgs, int[] idsKeep, int[] idsRestore, float eps, int threads) {
    return Lib.ttt4j_mae_loss_grad(dims, w, gw, sizes, pos, dpos, imgs, idsKeep, idsRestore, eps,
        threads);
  }

  /** ttt4j_mae_encode: 0, or -1 when it could not run ({@link #error} says why). */
  public static int encode(int[] dims, long[] w, Pointer pos, Pointer imgs, Pointer out,
      float eps, int threads) {
    return Lib.ttt4j_mae_encode(dims, w, pos, imgs, out, eps, threads);
  }

  /** Why the last call failed (empty when none did). */
  public static String error() {
    return Lib.ttt4j_mae_error();
  }
}
