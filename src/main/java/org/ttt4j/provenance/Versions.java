package org.ttt4j.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The software and machine a run used: ttt4j, Java, DJL, PyTorch, thread count, CPU, and the
 * native settings (MKL dispatch on AMD, the fused optimizer/restore loops, malloc tuning). Recorded in
 * every manifest so that numbers can be traced to the build that produced them.
 */
public record Versions(
    String ttt4j, String java, String djl, String pytorch, int threads, String cpu, String os,
    String mklDispatch, String nativeKernels, String malloc) {

  /** Version of this build, from the jar manifest (or "dev" when run from classes). */
  public static String ttt4jVersion() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
  }

  /**
   * The current versions. With {@code loadEngine} the PyTorch engine is started to ask for its
   * version (takes about a second); without, the PyTorch version is the one the engine jar is
   * built for, which is the libtorch it loads. The thread count is the configured one either way
   * (see {@link #configuredThreads()}).
   */
  public static Versions current(boolean loadEngine) {
    String djl = ai.djl.engine.Engine.getDjlVersion();
    String torch = loadEngine ? ai.djl.engine.Engine.getEngine("PyTorch").getVersion()
        : engineBuiltFor();
    return new Versions(
        ttt4jVersion(),
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
            + garbageCollector() + ")",
        djl,
        torch,
        configuredThreads(),
        cpuModel(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        org.ttt4j.tensor.MklDispatch.status().toString(),
        org.ttt4j.tensor.NativeKernels.status() + "; " + org.ttt4j.tensor.NativeMae.status(),
        org.ttt4j.tensor.MallocTuning.status());
  }

  /** The libtorch version of the PyTorch engine jar on the class path, without loading it. */
  private static String engineBuiltFor() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("/pytorch-engine.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // unreadable: as if absent
    }
    return p.getProperty("pytorch_version", "unknown (`ttt4j version` loads the engine to ask)");
  }

  /**
   * libtorch's intra-op threads as configured: {@code ai.djl.pytorch.num_threads} (the launcher
   * sets it from TTT4J_THREADS), else the number of processors.
   */
  public static int configuredThreads() {
    String t = System.getProperty("ai.djl.pytorch.num_threads");
    try {
      return t == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(t.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ai.djl.pytorch.num_threads is '" + t + "', not a whole"
          + " number; set TTT4J_THREADS to a thread count such as 2", e);
    }
  }

  /** The first line of every benchmark's output: what produced these figures. */
  public String benchHeader() {
    return String.format("# ttt4j %s  pytorch %s  djl %s  threads %d  cpu %s", ttt4j, pytorch, djl,
        threads, cpu);
  }

  /** Human-readable lines, one fact each. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("ttt4j   " + ttt4j);
    out.add("java    " + java);
    out.add("djl     " + djl);
    out.add("pytorch " + pytorch);
    out.add("threads " + threads);
    out.add("cpu     " + cpu);
    out.add("os      " + os);
    out.add("mkl     " + mklDispatch);
    out.add("native  " + nativeKernels);
    out.add("malloc  " + malloc);
    return out;
  }

  /** The JVM's collector by its MX bean names ("Copy" + "MarkSweepCompact" is the serial one). */
  private static String garbageCollector() {
    List<String> names = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).toList();
    String all = String.join(",", names);
    if (all.contains("G1")) {
      return "G1 GC";
    } else if (all.contains("MarkSweepCompact")) {
      return "Serial GC";
    } else if (all.contains("PS ")) {
      return "Parallel GC";
    }
    return names.isEmpty() ? "unknown GC" : all;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim()
              + " x" + Runtime.getRuntime().availableProcessors();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch") + " x" + Runtime.getRuntime().availableProcessors();
  }
}
