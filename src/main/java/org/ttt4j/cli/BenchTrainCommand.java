package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.bench.Timer;
import org.ttt4j.bench.TrainStepBenchmark;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench train}: median time of one MAE pretraining step, as {@code ttt4j train mae}. */
@Command(name = "train", description = "Time one MAE pretraining step (AdamW, encoder + decoder,"
    + " B distinct images, fresh masks each step): the tensor step on a fixed augmented batch, the"
    + " augmentation alone, and the full trainer step (docs/PERFORMANCE.md).")
final class BenchTrainCommand implements Callable<Integer> {

  /** The table's header and row formats, column for column. */
  private static final String HEADER = "%-13s %4s %9s %9s %4s %8s %9s %9s %9s %4s %11s %11s  %s%n";
  private static final String ROW =
      "%-13s %4d %9.6f %9.6f %4d %8.1f %9.6f %9.6f %9.6f %4d %11.1f %11.0f  %.3f->%.3f%n";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--preset", defaultValue = "fmnist-tiny",
      converter = OptionValues.PresetName.class,
      description = "Architecture preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--batch", split = ",", defaultValue = "128",
      description = "Batch sizes B, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--min-time", defaultValue = "8",
      description = "Seconds of timed steps per point, at least 5 steps (default: ${DEFAULT-VALUE}).")
  double minTime;

  @Option(names = "--json", description = "Also write the results as JSON to this file.")
  Path json;

  @Override
  public Integer call() {
    for (int b : batches) {
      if (b < 2) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--batch values must be at"
            + " least 2 (the smallest training batch), got " + b);
      }
    }
    if (!(minTime >= 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--min-time must be >= 0 seconds, got " + minTime);
    }
    PrintWriter out = spec.commandLine().getOut();
    Versions v = Versions.current(true);
    out.println(v.benchHeader());
    out.printf(HEADER, "config", "B",
        "step_med", "step_min", "n", "img/s", "aug_s", "train_med", "train_min", "n",
        "train_img/s", "peakRSS_MiB", "loss");
    List<TrainStepBenchmark.Result> results = new ArrayList<>();
    for (int b : batches) {
      TrainStepBenchmark.Result r = TrainStepBenchmark.run(preset, b,
          new Timer(2, 5, minTime, 200));
      results.add(r);
      out.printf(ROW, r.preset(), r.batch(), r.step().median(), r.step().min(), r.step().n(),
          r.imagesPerSecond(), r.augment().median(), r.trainerStep().median(),
          r.trainerStep().min(), r.trainerStep().n(), r.trainerImagesPerSecond(), r.peakRssMiB(),
          r.lossFirst(), r.lossLast());
      out.flush();
    }
    if (json != null) {
      JsonFiles.write(json, new Report(v, results));
    }
    return 0;
  }

  record Report(Versions versions, List<TrainStepBenchmark.Result> results) {}
}
