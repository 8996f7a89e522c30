package org.ttt4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.data.corruptions.CorruptionList;
import org.ttt4j.data.corruptions.CorruptionThroughput;
import org.ttt4j.data.corruptions.CorruptedSetWriter;
import org.ttt4j.data.corruptions.Severity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench corrupt}: images/s per corruption, one thread, at 28x28 grey and 224x224 RGB. */
@Command(name = "corrupt",
    description = "Images per second of each corruption (one thread) at 28x28x1 and 224x224x3.")
final class BenchCorruptCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--corruptions", defaultValue = "all", description = "all, benchmark, extra or names (default: ${DEFAULT-VALUE})")
  String corruptions;

  @Option(names = "--level", defaultValue = "3", description = "severity 1..5 (default: ${DEFAULT-VALUE})")
  int level;

  @Option(names = {"--seconds", "--min-time"}, defaultValue = "1.0", description = "Seconds timed"
      + " per corruption and size (--min-time, as the other benches name it; default:"
      + " ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the random inputs (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--seconds " + seconds
          + " is not a time to measure for; give a positive number of seconds, e.g. 1");
    }
    Severity s = OptionValues.check(spec, () -> Severity.of(level));
    List<Corruption> chosen = OptionValues.check(spec, () -> CorruptionList.parse(corruptions));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-18s %15s %15s%n", "corruption", "28x28x1 img/s", "224x224x3 img/s");
    for (Corruption c : chosen) {
      var small = CorruptionThroughput.measure(CorruptedSetWriter.KERNELS, c, s, 28, 28, 1, seconds, seed);
      var large = small.note().isEmpty()
          ? CorruptionThroughput.measure(CorruptedSetWriter.KERNELS, c, s, 224, 224, 3, seconds, seed)
          : small;
      out.printf("%-18s %15s %15s%s%n", c.id(), rate(small), rate(large),
          small.note().isEmpty() ? "" : "  (" + small.note() + ")");
      out.flush();
    }
    return 0;
  }

  private static String rate(CorruptionThroughput.Measurement m) {
    return Double.isNaN(m.imagesPerSecond()) ? "n/a" : String.format("%.1f", m.imagesPerSecond());
  }
}
