package org.ttt4j.cli;

import picocli.CommandLine.Option;

/** The online workload the speed and memory benchmarks share: preset, window size k, views B. */
final class WindowWorkloadOptions {

  @Option(names = "--preset", defaultValue = "fmnist-tiny",
      converter = OptionValues.PresetName.class,
      description = "Architecture preset (default: ${DEFAULT-VALUE}).")
  String preset;
  @Option(names = "--window", defaultValue = "16", description = "Window size k (default:"
      + " ${DEFAULT-VALUE}).")
  int window;
  @Option(names = "--batch", defaultValue = "8", description = "Views per step B (default:"
      + " ${DEFAULT-VALUE}).")
  int batch;
}
