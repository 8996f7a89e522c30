package org.ttt4j.tensor;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Lets the Intel MKL inside libtorch use its AVX2/FMA kernels on AMD CPUs.
 *
 * <p>MKL picks GEMM code paths by CPU vendor as well as by features; on a non-Intel CPU it takes
 * generic kernels for small and medium matrices, the sizes of a ViT on small images. Measured on
 * the project's 2-core AMD EPYC (docs/PERFORMANCE.md): the B=128 TTT step of fmnist-tiny is about
 * 25 % faster with MKL's own kernels. libtorch links MKL statically but exports its vendor test
 * {@code mkl_serv_intel_cpu_true}; {@link #install} loads a one-function library that defines it
 * (src/main/native/mkl_amd.c) with {@code RTLD_GLOBAL} before libtorch, so libtorch's calls bind
 * to it. MKL still reads the CPU's features from cpuid: it never runs instructions the CPU lacks.
 *
 * <p>Must run before the PyTorch engine loads (the CLI does it first thing); off with
 * {@code -Dttt4j.mkl.amd=off}. Results differ from the generic kernels only by float rounding.
 */
public final class MklDispatch {

  /** What {@link #install} found or did. */
  public enum Status {
    ACTIVE("MKL AVX2 kernels enabled on this AMD CPU"),
    OFF_BY_PROPERTY("off (-Dttt4j.mkl.amd=off)"),
    NOT_AMD("not needed (not an AMD CPU)"),
    UNSUPPORTED_PLATFORM("not available on this platform (Linux x86-64 only)"),
    TOO_LATE("not enabled: the PyTorch engine was loaded first"),
    FAILED("not enabled: the helper library did not load"),
    NOT_TRIED("not installed in this process");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static final int RTLD_LAZY = 0x1;
  private static final int RTLD_GLOBAL = 0x100;
  private static Status status = Status.NOT_TRIED;
  private static NativeLibrary loaded;      // kept reachable: the library must never be unloaded

  private MklDispatch() {}

  /** Enables MKL's kernels on AMD when possible; idempotent. Call before any NDManager exists. */
  public static synchronized Status install() {
    if (status != Status.NOT_TRIED) {
      return status;
    }
    status = decide();
    return status;
  }

  /** The outcome of {@link #install} in this process (NOT_TRIED when it was not called). */
  public static synchronized Status status() {
    return status;
  }

  private static Status decide() {
    if ("off".equalsIgnoreCase(System.getProperty("ttt4j.mkl.amd", "on"))) {
      return Status.OFF_BY_PROPERTY;
    }
    if (!NativeLibraries.platformSupported()) {
      return Status.UNSUPPORTED_PLATFORM;
    }
    String maps;
    String cpuinfo;
    try {
      cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
      maps = Files.readString(Path.of("/proc/self/maps"));
    } catch (IOException | RuntimeException e) {
      return Status.UNSUPPORTED_PLATFORM;
    }
    if (!cpuinfo.contains("AuthenticAMD")) {
      return Status.NOT_AMD;
    }
    if (maps.contains("libtorch_cpu")) {
      return Status.TOO_LATE;
    }
    try {
      Path lib = NativeLibraries.extract("libttt4j_mkl_amd.so");
      if (lib == null) {
        return Status.FAILED;
      }
      loaded = NativeLibrary.getInstance(lib.toString(),
          Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_GLOBAL));
      loaded.getFunction("mkl_serv_intel_cpu_true");
      return Status.ACTIVE;
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      return Status.FAILED;
    }
  }
}
