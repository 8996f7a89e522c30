package org.ttt4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ttt4j bench}: the parent of the micro-benchmarks. Add a benchmark by writing a {@code
 * Callable<Integer>} command class and listing it in {@code subcommands} below (e.g. {@code bench
 * step} next to {@code bench corrupt}).
 */
@Command(name = "bench",
    description = "Speed on this machine, measured as the reference does (docs/PERFORMANCE.md).",
    subcommands = {
      BenchStepCommand.class,
      BenchTrainCommand.class,
      BenchProfileCommand.class,
      BenchOnlineCommand.class,
      BenchMemoryCommand.class,
      BenchMatmulCommand.class,
      BenchCorruptCommand.class,
    })
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand:"
        + " one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
