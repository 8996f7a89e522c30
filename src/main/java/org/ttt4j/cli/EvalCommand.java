package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.CorruptionList;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.StreamSpec;
import org.ttt4j.eval.Summary;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;
import org.ttt4j.ttt.TttConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ttt4j eval}: a TTT strategy over a test stream; one JSON line per sample
 * (records.jsonl), a run manifest, and a Table-1-style summary (summary.md, summary.csv).
 */
@Command(name = "eval", description = "Test-time training over a stream of corrupted test"
    + " images: records per sample, manifest, summary with 95 % intervals.")
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", description = "Checkpoint or run folder (default: the shipped model).")
  String model;
  @Option(names = "--data", defaultValue = "fashion-mnist") String data;
  @Option(names = "--split", defaultValue = "test") String split;

  @Option(names = "--strategy", defaultValue = "online",
      description = "fixed, standard, online, window or offline (default: ${DEFAULT-VALUE}).")
  String strategy;
  @Option(names = "--steps", defaultValue = "1",
      description = "Standard: steps K per sample; online/window: steps per sample.")
  int steps;
  @Option(names = "--window", defaultValue = "16", description = "Window size k.") int window;
  @Option(names = "--epochs", defaultValue = "1", description = "Offline epochs.") int epochs;
  @Option(names = "--reset-optimizer", description = "Online: clear optimizer state after each sample.")
  boolean resetOptimizer;

  @Option(names = "--batch", defaultValue = "8", description = "Views per step B.") int batch;
  @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adamw.") String optimizer;
  @Option(names = "--lr", defaultValue = "3e-3") double lr;
  @Option(names = "--momentum", defaultValue = "0.9") double momentum;
  @Option(names = "--wd", defaultValue = "0") double weightDecay;
  @Option(names = "--group", defaultValue = "encoder",
      description = "encoder, encoder+decoder, norms, lastN (default: ${DEFAULT-VALUE}).")
  String group;
  @Option(names = "--mask-ratio", defaultValue = "0.75") double maskRatio;
  @Option(names = "--crop-min", defaultValue = "0.35") double cropMin;
  @Option(names = "--clip", defaultValue = "0", description = "Gradient-norm clip (0 = off).")
  double clip;

  @Option(names = "--stream", defaultValue = "separate",
      description = "separate, consecutive, shuffled, gradual, shuffled-levels, class-ordered,"
          + " continuous, clean (default: ${DEFAULT-VALUE}).")
  String stream;
  @Option(names = "--corruptions", defaultValue = "benchmark",
      description = "all, benchmark, extra or names (default: ${DEFAULT-VALUE}).")
  String corruptions;
  @Option(names = "--level", defaultValue = "5") int level;
  @Option(names = "--samples", defaultValue = "100", description = "Samples per corruption.")
  int samples;
  @Option(names = "--seed", defaultValue = "0") long seed;
  @Option(names = "--out", required = true, description = "Run folder.") Path out;

  @Override
  public Integer call() {
    Strategy strat = parseStrategy();       // usage errors first, before any loading
    Path file = ModelOption.resolve(model);
    DataOptions opts = new DataOptions();
    opts.data = data;
    Dataset clean = opts.open(Split.parse(split));
    StreamSpec streamSpec = new StreamSpec(StreamSpec.Kind.parse(stream),
        stream.equals("clean") ? List.of() : CorruptionList.parse(corruptions), level, samples,
        seed);
    List<List<Sample>> segments = streamSpec.build(clean);
    int total = segments.stream().mapToInt(List::size).sum();
    List<String> command = new ArrayList<>(List.of("ttt4j"));
    command.addAll(spec.root().commandLine().getParseResult().originalArgs());
    PrintWriter o = spec.commandLine().getOut();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = Checkpoint.load(file, m)) {
      TttConfig ttt = new TttConfig(ParamGroup.parse(group, vit.config().depth()),
          optimizer.equals("adamw") ? OptimizerConfig.adamw(lr, 0.9, 0.999, weightDecay)
              : OptimizerConfig.sgd(lr, momentum, weightDecay),
          maskRatio, batch, cropMin, clip, seed);
      Map<String, Object> configs = new LinkedHashMap<>();
      configs.put("model", file.toString());
      configs.put("strategy", strat);
      configs.put("ttt", Map.of("group", ttt.group().id(), "optimizer", ttt.optimizer(),
          "maskRatio", maskRatio, "batch", batch, "cropMinScale", cropMin, "clipNorm", clip));
      configs.put("stream", streamSpec);
      RunManifest manifest = RunManifest.start(command, configs, seed, opts.provenance(
          Split.parse(split)));
      manifest.write(out.resolve("manifest.json"));
      ProgressBar bar = ProgressBar.onStderr(strat.id(), total, "samples");
      int[] correct = {0, 0};
      List<Evaluation.Record> records;
      try (Adapter adapter = new Adapter(vit, ttt)) {
        records = Evaluation.run(segments, strat, adapter, out.resolve("records.jsonl"), r -> {
          correct[0] += r.correct() ? 1 : 0;
          correct[1]++;
          bar.field("acc", String.format("%.1f%%", 100.0 * correct[0] / correct[1]));
          bar.advance(1);
        });
      }
      bar.finish();
      Summary summary = Summary.of(strat.id(), records);
      AtomicFiles.writeString(out.resolve("summary.md"), Summary.markdown(List.of(summary)));
      AtomicFiles.writeString(out.resolve("summary.csv"), Summary.csv(List.of(summary)));
      manifest.finish(Map.of("mean_top1", summary.mean(), "samples", records.size(),
          "seconds_per_sample", summary.secondsPerSample())).write(out.resolve("manifest.json"));
      o.print(Summary.markdown(List.of(summary)));
      o.println("records: " + out.resolve("records.jsonl"));
    }
    return 0;
  }

  private Strategy parseStrategy() {
    return switch (strategy) {
      case "fixed" -> new Strategy.Fixed();
      case "standard" -> new Strategy.Standard(steps);
      case "online" -> new Strategy.Online(steps, resetOptimizer);
      case "window" -> new Strategy.Window(window, steps);
      case "offline" -> new Strategy.Offline(epochs);
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown strategy '"
          + strategy + "'; valid: fixed, standard, online, window, offline");
    };
  }
}
