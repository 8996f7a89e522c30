package org.ttt4j.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --preset} of the benchmarks that build a model (step, train, profile, online,
 * memory): the architecture measured, fmnist-tiny unless named.
 */
final class BenchPresetOption {

  // the field's name is the help's <preset>
  @Option(names = "--preset", defaultValue = "fmnist-tiny",
      converter = OptionValues.PresetName.class,
      description = "Architecture preset (default: ${DEFAULT-VALUE}).")
  String preset;

  String name() {
    return preset;
  }
}
