package org.ttt4j.provenance;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
   * version and thread count (takes about a second); without, those fields say "not loaded".
   */
  public static Versions current(boolean loadEngine) {
    String djl = "not loaded";
    String torch = "not loaded";
    int threads = Runtime.getRuntime().availableProcessors();
    if (loadEngine) {
      ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
      djl = ai.djl.engine.Engine.getDjlVersion();
      torch = engine.getVersion();
      String t = System.getProperty("ai.djl.pytorch.num_threads");
      threads = t == null ? threads : Integer.parseInt(t);
    }
    return new Versions(
        ttt4jVersion(),
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
            + garbageCollector() + ")",
        djl,
        torch,
        threads,
        cpuModel(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        org.ttt4j.tensor.MklDispatch.status().toString(),
        org.ttt4j.tensor.NativeKernels.status() + "; " + org.ttt4j.tensor.NativeMae.status(),
        org.ttt4j.tensor.MallocTuning.status());
  }

  /** Human-readable lines, one fact each. */
  /** The first line of every benchmark's output: what produced these figures. */
  public String benchHeader() {
    return String.format("# ttt4j %s  pytorch %s  djl %s  threads %d  cpu %s", ttt4j, pytorch, djl,
        threads, cpu);
  }

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
