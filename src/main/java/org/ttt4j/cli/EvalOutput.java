package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.StreamSpec;
import org.ttt4j.eval.Summary;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.ttt.Strategy;
import org.ttt4j.ttt.TttConfig;

/**
 * What an eval run writes beside its records (which {@link Evaluation} writes): the settings its
 * manifest records, and, once the run is complete, the summary (summary.md, summary.csv, the
 * table on stdout) and the finished manifest.
 */
final class EvalOutput {

  private EvalOutput() {}

  /** What the manifest records of this run's settings (and what a resume must find unchanged). */
  static Map<String, Object> configs(Path file, Strategy strat, TttConfig ttt,
      StreamSpec streamSpec, int holdoutEvery, int holdoutSize) {
    Map<String, Object> configs = new LinkedHashMap<>();
    configs.put("model", file.toString());
    // where a resume from another folder finds a model given by a relative path
    configs.put("modelFile", file.toAbsolutePath().normalize().toString());
    configs.put("method", strat.id());          // the strategy's name; its fields follow
    configs.put("strategy", strat);
    configs.put("ttt", EvalCommand.settings(ttt));
    configs.put("stream", streamSpec);
    if (holdoutEvery > 0) {
      Map<String, Object> holdout = new LinkedHashMap<>();
      holdout.put("every", holdoutEvery);
      holdout.put("perCorruption", holdoutSize);
      configs.put("holdout", holdout);
    }
    return configs;
  }

  /**
   * The summary of the complete run in {@code out} (summary.md, summary.csv, and the table on
   * {@code o}), and its {@code manifest} finished with the headline metrics.
   */
  static void writeSummary(Path out, Strategy strat, Evaluation.Outcome outcome,
      RunManifest manifest, PrintWriter o) {
    List<Evaluation.Record> records = outcome.records();
    Summary summary = Summary.of(strat.id(), records);
    String md = Summary.markdown(List.of(summary)) + Summary.perStepMarkdown(List.of(summary))
        + Summary.holdoutMarkdown(outcome.holdout());
    AtomicFiles.writeString(out.resolve("summary.md"), md);
    AtomicFiles.writeString(out.resolve("summary.csv"), Summary.csv(List.of(summary)));
    Map<String, Object> metrics = new LinkedHashMap<>();   // Map.of's order changes per JVM
    metrics.put("mean_top1", summary.mean());
    metrics.put("samples", records.size());
    metrics.put("seconds_per_sample", summary.secondsPerSample());
    manifest.finish(metrics).write(out.resolve("manifest.json"));
    o.print(md);
    o.println("records: " + out.resolve("records.jsonl"));
  }
}
