package org.ttt4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ttt4j.bench.StepProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench profile}: libtorch's profiler around TTT steps, by operator. */
@Command(name = "profile", description = "Profile TTT steps with libtorch's profiler: time per"
    + " operator, and the remainder (Java, JNI, the fused native MAE step). The fused step (the"
    + " default) runs no libtorch operator: JAVA_OPTS=-Dttt4j.native.mae=off profiles the"
    + " libtorch path.")
final class BenchProfileCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin BenchPresetOption presetOption;
  @Option(names = "--batch", defaultValue = "8", description = "Views per step B (default:"
      + " ${DEFAULT-VALUE}).")
  int batch;
  @Option(names = "--steps", defaultValue = "20", description = "Profiled steps (default:"
      + " ${DEFAULT-VALUE}).")
  int steps;
  @Option(names = "--top", defaultValue = "20", description = "Operators listed (default:"
      + " ${DEFAULT-VALUE}).")
  int top;
  @Option(names = "--train", description = "Profile an MAE pretraining step (AdamW, all"
      + " parameters) instead of a TTT step.")
  boolean train;
  @Option(names = "--trace", description = "Also keep the Chrome trace here (chrome://tracing);"
      + " none when no operator ran.")
  Path trace;

  @Override
  public Integer call() throws IOException {
    if (batch < 1 || steps < 1 || top < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--batch, --steps and --top must be >= 1");
    }
    Path file = trace != null ? trace : Files.createTempFile("ttt4j-profile", ".json");
    String preset = presetOption.name();
    StepProfile.Result r;
    try {
      r = train ? StepProfile.runTrain(preset, batch, steps, file)
          : StepProfile.run(preset, batch, steps, file);
    } finally {
      if (trace == null) {
        Files.deleteIfExists(file);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (r.ops().isEmpty()) {
      if (trace != null) {
        Files.deleteIfExists(trace);    // "[]": a trace without a single event
      }
      out.printf("%s B=%d: %.2f ms wall per step; no libtorch operator ran in the %d profiled"
          + " steps%s%n", preset, batch, r.wallMillisPerStep(), r.steps(),
          trace == null ? "" : ", so no trace was written");
      out.println("note: the step ran as one fused native call (src/main/native/mae_step.c),"
          + " which libtorch's profiler does not see; profile the libtorch path with"
          + " JAVA_OPTS=-Dttt4j.native.mae=off, the fused one with perf");
      return 0;
    }
    out.printf("%s B=%d: %.2f ms wall per step, %.2f ms in libtorch operators (%.0f %%),"
        + " %.2f ms elsewhere (Java, JNI, host work)%n", preset, batch, r.wallMillisPerStep(),
        r.opMillisPerStep(), 100 * r.opMillisPerStep() / r.wallMillisPerStep(),
        r.wallMillisPerStep() - r.opMillisPerStep());
    out.printf("%-44s %10s %8s %8s%n", "operator (self time)", "ms/step", "share", "calls/st");
    for (StepProfile.Op op : r.ops().subList(0, Math.min(top, r.ops().size()))) {
      out.printf("%-44s %10.3f %7.1f%% %8.1f%n", op.name().length() > 44
          ? op.name().substring(0, 44) : op.name(), op.millis() / r.steps(),
          100 * op.millis() / r.steps() / r.wallMillisPerStep(), (double) op.calls() / r.steps());
    }
    if (trace != null) {
      out.println("trace: " + trace);
    }
    if (org.ttt4j.model.FusedMaeLoss.available()) {
      out.println("note: the MAE loss and its backward ran as one fused native call, which"
          + " libtorch's profiler does not see (it is in \"elsewhere\"); profile it with"
          + " perf, or the libtorch path with JAVA_OPTS=-Dttt4j.native.mae=off");
    }
    return 0;
  }
}
