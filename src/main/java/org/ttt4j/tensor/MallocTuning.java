package org.ttt4j.tensor;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Keeps the memory libtorch frees inside the process, so that the next step's tensors reuse it
 * instead of faulting fresh pages in.
 *
 * <p>libtorch allocates every CPU tensor with glibc's malloc. By default glibc serves large blocks
 * with mmap and gives them back with munmap, and trims the top of its heap when enough is free;
 * a training step that allocates and frees the same activations each time then takes a page
 * fault on every page it touches. Measured on the project's machine (docs/PERFORMANCE.md), MAE
 * pretraining at B=128 on fmnist-tiny took about 20,000 minor faults per step. With a fixed mmap
 * threshold of 32 MiB (glibc's largest; blocks under it come from the heap), no trimming and a
 * 512 MiB top pad, the same run took about 10 times fewer faults and its step was 5-8 % faster.
 * The resident set keeps its high-water mark instead of shrinking between steps.
 *
 * <p>{@link #install} calls glibc's {@code mallopt}; it is the same as starting the process with
 * {@code MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2147483647
 * MALLOC_TOP_PAD_=536870912}. Off with {@code -Dttt4j.malloc=default}; only on Linux with glibc.
 */
public final class MallocTuning {

  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_TOP_PAD = -2;
  private static final int M_MMAP_THRESHOLD = -3;
  private static final int MMAP_THRESHOLD = 32 << 20;
  private static final int TOP_PAD = 512 << 20;
  private static final int NO_TRIM = Integer.MAX_VALUE;   // an int: mallopt takes one
  private static String status;             // null until install() ran

  private MallocTuning() {}

  /** Applies the settings once; returns what happened. Call before the first large tensors. */
  public static synchronized String install() {
    if (status != null) {
      return status;
    }
    if ("default".equalsIgnoreCase(System.getProperty("ttt4j.malloc", "tuned"))) {
      status = "glibc defaults (-Dttt4j.malloc=default)";
    } else if (!NativeLibraries.platformSupported()) {
      status = "glibc defaults (not Linux x86-64)";
    } else {
      status = apply();
    }
    return status;
  }

  /** What {@link #install} did in this process. */
  public static synchronized String status() {
    return status == null ? "not installed in this process" : status;
  }

  private static String apply() {
    try {
      Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
      boolean ok = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
          & mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, NO_TRIM}) == 1
          & mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD}) == 1;
      return ok ? "freed memory kept in the process (mmap threshold 32 MiB, no trim, top pad"
          + " 512 MiB)" : "glibc refused part of the settings (mallopt returned 0)";
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      return "glibc defaults (no mallopt: " + e.getMessage() + ")";
    }
  }
}
