package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.ttt4j.bench.Timer;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What {@code bench step} and {@code bench train} share: one preset timed at each batch size B of
 * a list, each figure timed in steps for {@code --min-time} seconds (one figure per point in
 * {@code bench step}, two in {@code bench train}), each table row printed as soon as its B is
 * measured, and
 * {@code --json} with every result and the versions that measured them. Each command keeps its own
 * {@code --batch} (the default and the smallest B differ) and its own columns.
 */
final class BatchSweepOptions {

  /** Timed steps per point at the most, however short they are. */
  static final int MAX_STEPS = 200;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec command;

  @CommandLine.Mixin BenchPresetOption presetOption;

  // one text for both commands (the option is shared), so it says what each of them times
  @Option(names = "--min-time", defaultValue = "8",
      description = "Seconds of timed steps per point, at least 5 and at most " + MAX_STEPS
          + " steps, for each figure timed in steps: bench step times one (step_med; then up to"
          + " about 2 s of weight restores and 3 s of classifications), bench train two"
          + " (step_med, then train_med, with up to about 2 s of augmentation between them), so a"
          + " bench train point takes about twice this (default: ${DEFAULT-VALUE}).")
  double minTime;

  @Option(names = "--json", description = "Also write the results as JSON to this file.")
  Path json;

  /** The preset's name. */
  String preset() {
    return presetOption.name();
  }

  /** The file {@code --json} writes: the versions, then one result per B in the order measured. */
  record Report<R>(Versions versions, List<R> results) {}

  /**
   * At least 5 timed steps and {@code --min-time} seconds of them ({@value #MAX_STEPS} at most),
   * after {@code warmup} untimed ones: the timer of each figure timed in steps.
   */
  Timer timer(int warmup) {
    return new Timer(warmup, 5, minTime, MAX_STEPS);
  }

  /**
   * Checks {@code --min-time}, prints the versions header and {@code columns}, then measures each
   * B in turn and prints its {@code row} at once (a long sweep shows its progress); writes
   * {@code --json} at the end. The command checks {@code batches} before.
   */
  <R> void run(List<Integer> batches, String columns, IntFunction<R> measure,
      Function<R, String> row) {
    if (!(minTime >= 0)) {
      throw new CommandLine.ParameterException(command.commandLine(),
          "--min-time must be >= 0 seconds, got " + minTime);
    }
    PrintWriter out = command.commandLine().getOut();
    Versions v = Versions.current(true);
    out.println(v.benchHeader());
    out.println(columns);
    List<R> results = new ArrayList<>();
    for (int b : batches) {
      R r = measure.apply(b);
      results.add(r);
      out.println(row.apply(r));
      out.flush();
    }
    if (json != null) {
      JsonFiles.write(json, new Report<>(v, results));
    }
  }
}
