package org.ttt4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.bench.StepBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench step}: median time of one TTT step and of a weight restore. */
@Command(name = "step", description = "Time one TTT step (B masked copies: forward + backward +"
    + " SGD, fresh masks each step), a weight restore and a classification, as the reference.")
final class BenchStepCommand implements Callable<Integer> {

  // cls_s to the microsecond: a micro-preset prediction can take less than 50 us, which
  // four decimals print as 0.0000
  private static final String COLUMNS = "config           B   step_med  step_min    n  GFLOP/st"
      + " GFLOP/s     cls_s  restore_s restore_%  peakRSS_MiB  loss";
  private static final String ROW =
      "%-13s %4d %9.6f %9.6f %4d %9.2f %7.1f %9.6f %10.5f %9.2f %12.0f  %.3f->%.3f";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin BatchSweepOptions sweep;

  @Option(names = "--batch", split = ",", defaultValue = "1,8,32,128",
      description = "Batch sizes B, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Override
  public Integer call() {
    for (int b : batches) {
      if (b < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--batch values must be >= 1, got " + b);
      }
    }
    sweep.run(batches, COLUMNS, b -> StepBenchmark.run(sweep.preset(), b, sweep.timer(3)),
        r -> String.format(ROW, r.preset(), r.batch(), r.step().median(), r.step().min(),
            r.step().n(), r.gflopPerStep(), r.gflopPerSecond(), r.classify().median(),
            r.restore().median(), 100 * r.restore().median() / r.step().median(), r.rssMiB(),
            r.lossFirst(), r.lossLast()));
    return 0;
  }
}
