package org.ttt4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.provenance.Versions;

/** Small {@code ttt4j eval} run folders written by hand, for the report tests. */
public final class RunFolders {

  private RunFolders() {}

  /**
   * {@code perCorruption} records for each of {@code corruptions} at level 5, one segment each;
   * every record has {@code predictions} predictions, the last one correct with probability
   * {@code p} (seeded, so the folder is the same every time).
   */
  public static List<Evaluation.Record> records(List<String> corruptions, int perCorruption,
      int predictions, double p, long seed) {
    Random random = new Random(seed);
    List<Evaluation.Record> out = new ArrayList<>();
    for (int seg = 0; seg < corruptions.size(); seg++) {
      for (int i = 0; i < perCorruption; i++) {
        int label = random.nextInt(10);
        int[] pred = new int[predictions];
        for (int k = 0; k < predictions; k++) {
          // later steps are right more often: the step curve has something to show
          double chance = p * (k + 1.0) / predictions;
          pred[k] = random.nextDouble() < chance ? label : (label + 1) % 10;
        }
        float[] losses = new float[predictions > 1 ? predictions - 1 : 0];
        out.add(new Evaluation.Record(seg, i, corruptions.get(seg), 5, label, pred, losses, 0.01));
      }
    }
    return out;
  }

  /** Writes records.jsonl (one compact JSON line each, as {@code ttt4j eval} does). */
  public static Path writeRecords(Path dir, List<?> records) {
    return writeLines(dir.resolve("records.jsonl"), records);
  }

  /** Writes holdout.jsonl. */
  public static Path writeHoldout(Path dir, List<Evaluation.HoldoutRecord> held) {
    return writeLines(dir.resolve("holdout.jsonl"), held);
  }

  /** Writes a finished manifest.json as {@code ttt4j eval} would for {@code command}. */
  public static void writeManifest(Path dir, List<String> command, Map<String, Object> configs) {
    manifest(command, configs, Map.of("source", "fashion-mnist",
        "sha256 t10k-images-idx3-ubyte.gz", "abc123"), 1).write(dir.resolve("manifest.json"));
  }

  /**
   * A finished manifest of {@code command} on {@code data} (source, split, ...), timed with
   * {@code threads} libtorch threads; no metrics ({@link RunManifest#withMetrics} adds them).
   */
  public static RunManifest manifest(List<String> command, Map<String, Object> configs,
      Map<String, String> data, int threads) {
    Versions v = new Versions("0.1.0-test", "17", "0.35.1", "2.7.1", threads, "test cpu", "Linux",
        "off", "off", "defaults");
    return new RunManifest("ttt4j 0.1.0-test", command, configs, 0, data, "0123456789abcdef", v,
        "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z", Map.of(), null);
  }

  private static Path writeLines(Path file, List<?> values) {
    StringBuilder sb = new StringBuilder();
    values.forEach(v -> sb.append(JsonFiles.toCompactJson(v)).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
