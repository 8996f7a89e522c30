package org.ttt4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ttt4j bench ...}: speed measurements with the reference's definitions. */
@Command(name = "bench", description = "Measure speed (see docs/PERFORMANCE.md).",
    subcommands = {BenchStepCommand.class})
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
