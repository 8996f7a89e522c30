package org.ttt4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;

/**
 * The folder of one {@code ttt4j eval} run, read for a report: its records, its held-out
 * measurements and its manifest. Reading is tolerant of a run that is still being written or was
 * cut short (incomplete lines are skipped and reported in {@link #warnings()}), and strict about a
 * folder that is not an eval run at all.
 *
 * @param name the run's label in tables and legends
 * @param dir the folder
 * @param records every complete line of records.jsonl, in stream order
 * @param holdout every complete line of holdout.jsonl (empty when the run measured none)
 * @param manifest manifest.json, when present and readable
 * @param skippedRecords lines of records.jsonl that were not complete records
 * @param warnings what the report should say about the folder (skipped lines, missing manifest)
 * @param shards every folder the records come from: {@code dir} alone, or the shards of a pooled
 *     run ({@link #pool})
 */
public record EvalRun(String name, Path dir, List<Evaluation.Record> records,
    List<Evaluation.HoldoutRecord> holdout, Optional<RunManifest> manifest, int skippedRecords,
    List<String> warnings, List<Path> shards) {

  static final String RECORDS = "records.jsonl";
  static final String HOLDOUT = "holdout.jsonl";
  static final String MANIFEST = "manifest.json";

  public EvalRun {
    records = List.copyOf(records);
    holdout = List.copyOf(holdout);
    warnings = List.copyOf(warnings);
    shards = List.copyOf(shards);
  }

  /**
   * Reads the run in {@code dir}, labelled {@code name}.
   *
   * @throws IllegalArgumentException naming the folder when it is missing, empty, or not the
   *     folder of a {@code ttt4j eval} run, or when records.jsonl holds no complete record
   */
  public static EvalRun read(Path dir, String name) {
    Path records = dir.resolve(RECORDS);
    if (!Files.isRegularFile(records)) {
      throw new IllegalArgumentException(notARun(dir));
    }
    JsonLines.Read<Evaluation.Record> r = JsonLines.read(records, Evaluation.Record.class,
        EvalRun::isComplete);
    if (r.values().isEmpty()) {
      throw new IllegalArgumentException(records + " holds no complete record of `ttt4j eval`"
          + (r.skipped().isEmpty() ? "" : " (" + r.skippedSummary() + ")")
          + "; did the run start? give the --out folder of a `ttt4j eval` run");
    }
    List<String> warnings = new ArrayList<>();
    if (!r.skipped().isEmpty()) {
      warnings.add(records + ": skipped " + r.skippedSummary() + "; using the "
          + r.values().size() + " complete records");
    }
    List<Evaluation.HoldoutRecord> held = List.of();
    Path holdout = dir.resolve(HOLDOUT);
    if (Files.isRegularFile(holdout)) {
      JsonLines.Read<Evaluation.HoldoutRecord> h = JsonLines.read(holdout,
          Evaluation.HoldoutRecord.class, x -> x.corruption() != null && x.total() > 0);
      held = h.values();
      if (!h.skipped().isEmpty()) {
        warnings.add(holdout + ": skipped " + h.skippedSummary());
      }
    }
    Optional<RunManifest> manifest = manifest(dir, warnings);
    int made = finishedSamples(manifest);
    if (made > r.values().size()) {
      int missing = made - r.values().size();
      warnings.add(records + " holds " + r.values().size() + " complete records, but "
          + MANIFEST + " says the run finished after " + made + " samples: " + missing
          + (missing == 1 ? " record is" : " records are") + " missing (the file was cut short"
          + " or replaced after the run); its accuracies cover only the records there");
    }
    return new EvalRun(name, dir, r.values(), held, manifest, r.skipped().size(), warnings,
        List.of(dir));
  }

  /** The samples a finished run's manifest counts ({@code metrics.samples}), or -1. */
  private static int finishedSamples(Optional<RunManifest> manifest) {
    return manifest.filter(m -> m.finished() != null && m.metrics() != null)
        .map(m -> m.metrics().get("samples")).filter(Number.class::isInstance)
        .map(v -> ((Number) v).intValue()).orElse(-1);
  }

  /**
   * One run made of shards: the same method run as several processes, each on part of the stream
   * (for instance corruptions split across cores). Records and held-out checks are concatenated in
   * the order given, each shard's segments numbered after the previous shard's (so segment k of
   * two shards stays two segments); the first shard's folder and manifest stand for the whole
   * (the manifest counts as finished only when every shard's is).
   *
   * @throws IllegalArgumentException naming both folders when two shards hold the same sample
   *     (corruption, level and position: pooling would count it twice), or when their manifests
   *     say they ran different models, strategies or TTT settings
   */
  public static EvalRun pool(String name, List<EvalRun> shards) {
    if (shards.size() == 1) {
      EvalRun only = shards.get(0);
      return new EvalRun(name, only.dir(), only.records(), only.holdout(), only.manifest(),
          only.skippedRecords(), only.warnings(), only.shards());
    }
    EvalRun first = shards.get(0);
    java.util.Map<String, Path> seen = new java.util.HashMap<>();
    List<Evaluation.Record> records = new ArrayList<>();
    List<Evaluation.HoldoutRecord> holdout = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int skipped = 0;
    int offset = 0;
    for (EvalRun shard : shards) {
      for (String key : List.of("model", "strategy", "ttt")) {
        Optional<Object> a = first.config(key);
        Optional<Object> b = shard.config(key);
        List<String> differ = a.isPresent() && b.isPresent() ? JsonFiles.differences(key,
            a.get(), b.get(), "in " + first.dir(), "in " + shard.dir()) : List.of();
        if (!differ.isEmpty()) {
          throw new IllegalArgumentException("runs " + first.dir() + " and " + shard.dir()
              + " share the label '" + name + "' but differ in their " + key + " ("
              + String.join("; ", differ) + "); give them different labels");
        }
      }
      for (Evaluation.Record r : shard.records()) {
        String sample = r.corruption() + ":" + r.severity() + " position " + r.position();
        Path other = seen.putIfAbsent(sample, shard.dir());
        if (other != null) {
          throw new IllegalArgumentException("runs " + other + " and " + shard.dir()
              + " share the label '" + name + "' and both hold " + sample + "; pooled, that"
              + " sample would count twice: give them different labels");
        }
      }
      int off = offset;
      shard.records().forEach(r -> records.add(r.inSegment(r.segment() + off)));
      shard.holdout().forEach(h -> holdout.add(h.inSegment(h.segment() + off)));
      offset += 1 + Math.max(
          shard.records().stream().mapToInt(Evaluation.Record::segment).max().orElse(-1),
          shard.holdout().stream().mapToInt(Evaluation.HoldoutRecord::segment).max().orElse(-1));
      warnings.addAll(shard.warnings());
      skipped += shard.skippedRecords();
    }
    List<Path> dirs = shards.stream().flatMap(x -> x.shards().stream()).toList();
    boolean allFinished = shards.stream().allMatch(x -> x.manifest().map(m -> m.finished() != null)
        .orElse(false));
    Optional<RunManifest> manifest = allFinished ? first.manifest()
        : first.manifest().map(RunManifest::unfinished);
    return new EvalRun(name, first.dir(), records, holdout, manifest, skipped, warnings, dirs);
  }

  /**
   * What keeps the rows of {@code runs} from being compared column by column, one sentence each:
   * runs on different datasets or splits (their columns hold different images), or of different
   * models (which a comparison of models intends, but a reader must see). Runs without a manifest
   * are left out; empty when the runs agree.
   */
  public static List<String> differences(List<EvalRun> runs) {
    List<String> out = new ArrayList<>();
    differ(runs, r -> r.manifest().map(RunManifest::data).map(d -> d.get("source")))
        .ifPresent(d -> out.add("The runs were made on different datasets (" + d + "): a"
            + " column holds other images in each, so compare rows only within one dataset."));
    differ(runs, r -> r.manifest().map(RunManifest::data).map(d -> d.get("split")))
        .ifPresent(d -> out.add("The runs were made on different splits (" + d + "): a column"
            + " holds other images in each, so compare rows only within one split."));
    differ(runs, r -> r.config("modelFile").or(() -> r.config("model")).map(String::valueOf))
        .ifPresent(d -> out.add("The runs are of different models (" + d + ")."));
    return out;
  }

  /** "value: run, run; value: run" when the runs that have a value do not all have the same. */
  private static Optional<String> differ(List<EvalRun> runs,
      java.util.function.Function<EvalRun, Optional<String>> value) {
    java.util.Map<String, List<String>> by = new java.util.LinkedHashMap<>();
    for (EvalRun r : runs) {
      value.apply(r).ifPresent(v -> by.computeIfAbsent(v, k -> new ArrayList<>()).add(r.name()));
    }
    if (by.size() < 2) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    by.forEach((v, names) -> parts.add(String.join(", ", names) + ": " + v));
    return Optional.of(String.join("; ", parts));
  }

  /** Predictions per record: K + 1 for standard TTT with K steps, 1 for the other strategies. */
  public int predictionsPerRecord() {
    return records.stream().mapToInt(x -> x.predictions().length).max().orElse(0);
  }

  /**
   * The class names of the run's dataset, as many as the largest label needs: those its manifest
   * records ({@code data.class_names}), else Fashion-MNIST's or those of the dataset at the
   * manifest's data path when it still opens there (the folder names of class-folder data), else
   * "class k" ({@link ClassNames}).
   */
  public List<String> classNames() {
    int n = 1 + records.stream().mapToInt(Evaluation.Record::label).max().orElse(-1);
    String recorded = manifest.map(m -> m.data() == null ? null
        : m.data().get(ClassNames.MANIFEST_KEY)).orElse(null);
    List<String> names = ClassNames.parse(recorded);
    if (names.isEmpty()) {
      String source = manifest.map(m -> m.data() == null ? null : m.data().get("source"))
          .orElse(null);
      names = ClassNames.of(source);
    }
    return ClassNames.complete(names, n);
  }

  /** The manifest's config of {@code key} ("strategy", "stream", ...), when there is one. */
  public Optional<Object> config(String key) {
    return manifest.map(RunManifest::configs).map(c -> c.get(key));
  }

  private static boolean isComplete(Evaluation.Record r) {
    return r.corruption() != null && r.predictions() != null && r.predictions().length > 0
        && r.label() >= 0;
  }

  private static Optional<RunManifest> manifest(Path dir, List<String> warnings) {
    Path file = dir.resolve(MANIFEST);
    try {
      Optional<RunManifest> m = JsonFiles.read(file, RunManifest.class);
      if (m.isEmpty()) {
        warnings.add(dir + ": no " + MANIFEST + "; the provenance of this run is unknown");
      }
      return m;
    } catch (IllegalArgumentException e) {
      warnings.add(file + " is not a readable manifest; the provenance of this run is unknown");
      return Optional.empty();
    }
  }

  /** Why {@code dir} is not an eval run, and what was expected. */
  private static String notARun(Path dir) {
    if (!Files.exists(dir)) {
      return dir + " does not exist; give the --out folder of a `ttt4j eval` run";
    }
    if (!Files.isDirectory(dir)) {
      return dir + " is a file, not a run folder; give the --out folder of a `ttt4j eval` run";
    }
    List<String> names;
    try (Stream<Path> list = Files.list(dir)) {
      names = list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    if (names.isEmpty()) {
      return dir + " is empty; expected the folder of a `ttt4j eval` run (" + RECORDS + ", "
          + MANIFEST + ")";
    }
    String made = "";
    try {
      made = JsonFiles.read(dir.resolve(MANIFEST), RunManifest.class)
          .map(RunManifest::command).filter(c -> c.size() > 1)
          .map(c -> "; its manifest says it was made by `" + String.join(" ", c.subList(0,
              Math.min(3, c.size()))) + "`").orElse("");
    } catch (IllegalArgumentException e) {
      // an unreadable manifest says nothing more about the folder
    }
    String held = names.size() <= 5 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 5)) + ", ...";
    return dir + " is not a `ttt4j eval` run folder: it has no " + RECORDS + " (it holds " + held
        + made + "); give the --out folder of a `ttt4j eval` run";
  }
}
