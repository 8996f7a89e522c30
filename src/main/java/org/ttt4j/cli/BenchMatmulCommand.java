package org.ttt4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ttt4j.bench.MatmulPeak;
import org.ttt4j.bench.Timer;
import org.ttt4j.provenance.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench matmul}: the machine's practical fp32 matmul peak through libtorch. */
@Command(name = "matmul", description = "Practical fp32 matmul peak: one n x n product (default"
    + " 4096, as the reference's torch_gemm.py), median seconds and GFLOP/s; the ceiling for the"
    + " GFLOP/s that bench step reports.")
final class BenchMatmulCommand implements Callable<Integer> {

  /** Timed products at the most, however fast they are. */
  static final int MAX_PRODUCTS = 1000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--size", defaultValue = "4096", description = "Matrix side n (default:"
      + " ${DEFAULT-VALUE}).")
  int size;
  @Option(names = "--min-time", defaultValue = "5", description = "Seconds of timed products, at"
      + " least 5 and at most " + MAX_PRODUCTS + " of them (default: ${DEFAULT-VALUE}).")
  double minTime;

  @Override
  public Integer call() {
    if (size < 1 || minTime <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--size must be >= 1 and"
          + " --min-time > 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    Versions v = Versions.current(true);
    out.println(v.benchHeader());
    MatmulPeak.Result r = MatmulPeak.run(size, new Timer(2, 5, minTime, MAX_PRODUCTS));
    out.printf("MATMUL %dx%d fp32: median %.4f s (min %.4f, n=%d) = %.1f GFLOP/s%n", r.n(), r.n(),
        r.seconds().median(), r.seconds().min(), r.seconds().n(), r.gflopPerSecond());
    return 0;
  }
}
