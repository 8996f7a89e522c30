package org.ttt4j.cli;

import java.util.concurrent.Callable;
import org.ttt4j.bench.OnlineBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j bench online}: window TTT frames/s on a drifting synthetic stream. */
@Command(name = "online", description = "Online (window) TTT throughput: k=16, B=8, one step per"
    + " frame, augmentation and classification included, as the reference measures it.")
final class BenchOnlineCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--preset", defaultValue = "fmnist-tiny") String preset;
  @Option(names = "--window", defaultValue = "16") int window;
  @Option(names = "--batch", defaultValue = "8") int batch;
  @Option(names = "--warmup", defaultValue = "16") int warmup;
  @Option(names = "--frames", defaultValue = "200") int frames;

  @Override
  public Integer call() {
    OnlineBenchmark.Result r = OnlineBenchmark.run(preset, window, batch, warmup, frames);
    spec.commandLine().getOut().printf("ONLINE %s k=%d B=%d 1 step/frame: %.2f frames/s over %d"
        + " frames (median %.4f s per frame)%n", r.preset(), r.window(), r.batch(),
        r.framesPerSecond(), r.frames(), r.medianSeconds());
    return 0;
  }
}
