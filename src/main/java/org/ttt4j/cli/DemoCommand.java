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
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.StreamSpec;
import org.ttt4j.eval.Summary;
import org.ttt4j.model.Checkpoint;
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
 * {@code ttt4j demo}: on the shipped model, fixed vs standard TTT vs online TTT on the five
 * corruptions of seed 000's Table 1 at level 5, in a few minutes on 2 cores.
 */
@Command(name = "demo", description = "Fixed vs standard TTT vs online TTT on five Fashion-MNIST-C"
    + " corruptions at level 5 (the shipped model; a few minutes on 2 cores).")
final class DemoCommand implements Callable<Integer> {

  static final List<Corruption> TABLE1 = List.of(Corruption.GAUSSIAN_NOISE,
      Corruption.MOTION_BLUR, Corruption.ZOOM_BLUR, Corruption.CONTRAST, Corruption.PIXELATE);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", description = "Checkpoint or run folder (default: the shipped"
      + " model).") String model;
  @Option(names = "--samples", defaultValue = "500",
      description = "Samples per corruption for fixed and online (default: ${DEFAULT-VALUE}).")
  int samples;
  @Option(names = "--standard-samples", defaultValue = "100",
      description = "Samples per corruption for standard TTT (default: ${DEFAULT-VALUE}).")
  int standardSamples;
  @Option(names = "--steps", defaultValue = "10", description = "Standard TTT steps K (default:"
      + " ${DEFAULT-VALUE}, to keep the demo within 10 minutes; the validation split chose 20,"
      + " which `ttt4j eval` uses: docs/results/tuning.md).")
  int steps;
  @Option(names = "--lr", description = "SGD learning rate of both TTT runs (default: each"
      + " strategy's rate chosen on the validation split, docs/results/tuning.md: 4e-2 at B=32 for"
      + " standard, 1e-2 at B=8 for online).")
  Double lr;
  @Option(names = "--out", defaultValue = "runs/demo", description = "Where runs and the"
      + " summary go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    // every option checked before the first run starts: a bad --steps must not wait for it
    Strategy standard = OptionValues.check(spec, () -> new Strategy.Standard(steps));
    OptionValues.check(spec, () -> new StreamSpec(StreamSpec.Kind.SEPARATE, TABLE1, 5,
        Math.min(samples, standardSamples), 0));
    if (lr != null) {
      OptionValues.check(spec, () -> OptimizerConfig.sgd(lr, 0.9, 0));
    }
    Path file = ModelOption.resolve(model);
    Dataset test = FashionMnist.load(Split.TEST);
    // both sizes against the data before the first run: a too-large --standard-samples must not
    // wait for the fixed run to finish (nor be reported as --samples)
    for (String option : List.of("--samples", "--standard-samples")) {
      int n = option.equals("--samples") ? samples : standardSamples;
      if (n > test.size()) {
        throw new CommandLine.ParameterException(spec.commandLine(), option + " " + n + " is more"
            + " than the " + test.size() + " Fashion-MNIST test images; give at most "
            + test.size());
      }
    }
    DataOptions data = new DataOptions();
    data.data = "fashion-mnist";
    Map<String, String> provenance = new LinkedHashMap<>(data.provenance(Split.TEST));
    provenance.put("split", "test");
    PrintWriter o = spec.commandLine().getOut();
    List<Summary> rows = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = Checkpoint.load(file, m)) {
      ModelOption.requireFits(vit, file, test, true);
      rows.add(run(vit, file, test, provenance, new Strategy.Fixed(), samples, "fixed"));
      rows.add(run(vit, file, test, provenance, standard, standardSamples, "standard"));
      rows.add(run(vit, file, test, provenance, new Strategy.Online(1, false), samples,
          "online"));
    }
    String table = Summary.markdown(rows);
    AtomicFiles.writeString(out.resolve("summary.md"), "# ttt4j demo: " + file
        + ", Fashion-MNIST-C level 5\n\n" + table);
    o.println();
    o.print(table);
    o.println("(accuracy % [95 % Wilson interval]; standard TTT on the first " + standardSamples
        + " images per corruption, fixed and online on the first " + samples + ")");
    o.println("runs: " + out + "/{fixed,standard,online} (records.jsonl, manifest.json, summary.md)");
    return 0;
  }

  private Summary run(YShapedVit vit, Path file, Dataset test, Map<String, String> data,
      Strategy strategy, int n, String name) {
    StreamSpec stream = new StreamSpec(StreamSpec.Kind.SEPARATE, TABLE1, 5, n, 0);
    List<List<Sample>> segments = stream.build(test);
    Path dir = out.resolve(name);
    // as an eval run's manifest: the model, the method and the data, and the demo's own command
    // line (its options decide the samples, steps and rate)
    Map<String, Object> configs = new LinkedHashMap<>();
    configs.put("model", file.toString());
    configs.put("method", strategy.id());
    configs.put("strategy", strategy);
    configs.put("stream", stream);
    // the recipe the validation split chose for each strategy (--lr may replace its rate)
    TttConfig.Recipe recipe = TttConfig.validated(strategy);
    double rate = lr != null ? lr : recipe.lr();
    TttConfig ttt = new TttConfig.Recipe(rate, recipe.batch(), recipe.maskRatio()).config(0);
    configs.put("ttt", EvalCommand.settings(ttt));
    RunManifest manifest = RunManifest.start(OptionValues.commandLine(spec), configs, 0, data);
    ProgressBar bar = ProgressBar.onStderr(name, (long) n * TABLE1.size(), "samples");
    List<Evaluation.Record> records;
    try (Adapter adapter = new Adapter(vit, ttt)) {
      records = Evaluation.run(segments, strategy, adapter, dir,
          r -> bar.advance(1));
    }
    bar.finish();
    Summary s = Summary.of(name, records);
    manifest.finish(Map.of("mean_top1", s.mean())).write(dir.resolve("manifest.json"));
    AtomicFiles.writeString(dir.resolve("summary.md"), Summary.markdown(List.of(s)));
    return s;
  }
}
