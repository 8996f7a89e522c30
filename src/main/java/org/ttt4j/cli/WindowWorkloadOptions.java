package org.ttt4j.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The online workload the speed and memory benchmarks share: preset, window size k, views B. */
final class WindowWorkloadOptions {

  @Mixin BenchPresetOption presetOption;
  @Option(names = "--window", defaultValue = "16", description = "Window size k (default:"
      + " ${DEFAULT-VALUE}).")
  int window;
  @Option(names = "--batch", defaultValue = "8", description = "Views per step B (default:"
      + " ${DEFAULT-VALUE}).")
  int batch;

  /** The preset's name. */
  String preset() {
    return presetOption.name();
  }

  /** Whether k and B are at least 1, as a window workload needs; the command says what else. */
  boolean sizesValid() {
    return window >= 1 && batch >= 1;
  }
}
