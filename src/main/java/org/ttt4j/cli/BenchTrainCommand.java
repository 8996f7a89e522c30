package org.ttt4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.bench.TrainStepBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench train}: median time of one MAE pretraining step, as {@code ttt4j train mae}. */
@Command(name = "train", description = "Time one MAE pretraining step (AdamW, encoder + decoder,"
    + " B distinct images, fresh masks each step): the tensor step on a fixed augmented batch, the"
    + " augmentation alone, and the full trainer step (docs/PERFORMANCE.md).")
final class BenchTrainCommand implements Callable<Integer> {

  /** The table's header and row formats, column for column. */
  private static final String HEADER = "%-13s %4s %9s %9s %4s %8s %9s %9s %9s %4s %11s %11s  %s";
  private static final String ROW =
      "%-13s %4d %9.6f %9.6f %4d %8.1f %9.6f %9.6f %9.6f %4d %11.1f %11.0f  %.3f->%.3f";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin BatchSweepOptions sweep;

  @Option(names = "--batch", split = ",", defaultValue = "128",
      description = "Batch sizes B, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Override
  public Integer call() {
    for (int b : batches) {
      if (b < 2) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--batch values must be at"
            + " least 2 (the smallest training batch), got " + b);
      }
    }
    String columns = String.format(HEADER, "config", "B", "step_med", "step_min", "n", "img/s",
        "aug_s", "train_med", "train_min", "n", "train_img/s", "peakRSS_MiB", "loss");
    sweep.run(batches, columns, b -> TrainStepBenchmark.run(sweep.preset(), b, sweep.timer(2)),
        r -> String.format(ROW, r.preset(), r.batch(), r.step().median(), r.step().min(),
            r.step().n(), r.imagesPerSecond(), r.augment().median(), r.trainerStep().median(),
            r.trainerStep().min(), r.trainerStep().n(), r.trainerImagesPerSecond(),
            r.peakRssMiB(), r.lossFirst(), r.lossLast()));
    return 0;
  }
}
