package org.ttt4j.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.Seeds;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.data.corruptions.Severity;
import org.ttt4j.eval.Latents;
import org.ttt4j.eval.Streams;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;
import org.ttt4j.ttt.TttConfig;

/**
 * The latent-space study of seed 000 (its figures 3 and 4), written as one CSV that the report
 * projects with PCA. Rows, each with the cls-token and the mean-patch-token latent of one image:
 * <ul>
 *   <li>{@code point}: images 0..C·n−1 clean, and image block c (n images) under corruption
 *       c;</li>
 *   <li>{@code standard}: a few probe images per corruption after each of K standard TTT steps
 *       (step 0: before), reset between probes;</li>
 *   <li>{@code online}: the same probes under the weights of an online run over a consecutive
 *       stream of the corruptions (n images each), every {@code onlineEvery} samples.</li>
 * </ul>
 *
 * @param corruptions the corruptions
 * @param level their severity
 * @param perCorruption n: images per corruption (and clean images per corruption)
 * @param probesPerCorruption images per corruption followed through TTT
 * @param steps K of the standard TTT trajectory
 * @param onlineEvery samples of the online stream between snapshots
 * @param ttt how the model adapts (lr, B, mask, crop, seed)
 */
public record LatentStudy(List<Corruption> corruptions, int level, int perCorruption,
    int probesPerCorruption, int steps, int onlineEvery, TttConfig ttt) {

  /** Probe images per corruption followed through TTT. */
  public static final int PROBES = 2;
  /** Snapshots of the online trajectory. */
  public static final int SNAPSHOTS = 25;

  /**
   * The study at the tuned settings (encoder learns, SGD lr 1e-2 momentum 0.9, B = 8, mask 0.75,
   * crop 0.35-1; K = 10), {@code n} images per corruption.
   */
  public static LatentStudy tuned(List<Corruption> corruptions, int level, int n, long seed) {
    TttConfig ttt = new TttConfig.Recipe(Double.parseDouble(Experiment.SGD_LR), 8, 0.75)
        .config(seed);
    return new LatentStudy(corruptions, level, n, PROBES, 10,
        Math.max(1, n * corruptions.size() / SNAPSHOTS), ttt);
  }

  /** The study's settings as plain values (for its manifest). */
  public java.util.Map<String, Object> settings() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("corruptions", corruptions.stream().map(Corruption::id).toList());
    m.put("level", level);
    m.put("perCorruption", perCorruption);
    m.put("probesPerCorruption", probesPerCorruption);
    m.put("steps", steps);
    m.put("onlineEvery", onlineEvery);
    m.put("group", ttt.group().id());
    m.put("optimizer", ttt.optimizer().toString());
    m.put("maskRatio", ttt.maskRatio());
    m.put("batch", ttt.batch());
    m.put("cropMinScale", ttt.cropMinScale());
    m.put("seed", ttt.seed());
    return m;
  }

  /** Runs the study on {@code model} over {@code test} and writes {@code file}. */
  public void write(YShapedVit model, Dataset test, Path file, Consumer<String> log) {
    long seed = ttt.seed();
    int n = perCorruption;
    StringBuilder csv = new StringBuilder(header(model.config().embedDim()));
    List<Image> clean = new ArrayList<>();
    List<Integer> cleanLabels = new ArrayList<>();
    for (int i = 0; i < n * corruptions.size(); i++) {
      clean.add(test.get(i).image());
      cleanLabels.add(test.get(i).label());
    }
    rows(csv, "point", "clean", cleanLabels, 0, 0, Latents.of(model, clean));
    List<Sample> probes = new ArrayList<>();
    for (int c = 0; c < corruptions.size(); c++) {
      List<Image> images = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      for (int i = c * n; i < (c + 1) * n; i++) {
        LabeledImage li = test.get(i);
        Image x = corruptions.get(c).apply(li.image(), Severity.of(level), seed, i);
        images.add(x);
        labels.add(li.label());
        if (i - c * n < probesPerCorruption) {
          probes.add(new Sample(i, x, li.label(), corruptions.get(c).id(), level, i));
        }
      }
      rows(csv, "point", corruptions.get(c).id(), labels, c * n, 0, Latents.of(model, images));
    }
    log.accept("latents of " + clean.size() + " clean and " + clean.size() + " corrupted images");
    try (Adapter adapter = new Adapter(model, ttt)) {
      for (Sample p : probes) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 7, p.position()));
        List<Image> copies = Collections.nCopies(ttt.batch(), p.image());
        probeRows(csv, "standard", List.of(p), 0, model);
        for (int k = 1; k <= steps; k++) {
          adapter.stepOn(copies, rng);
          probeRows(csv, "standard", List.of(p), k, model);
        }
        adapter.reset();
      }
      log.accept("standard TTT trajectories of " + probes.size() + " probes, K = " + steps);
      List<Sample> stream = Streams.consecutive(test, corruptions, level, n, seed);
      probeRows(csv, "online", probes, 0, model);
      int[] seen = {0};
      new Strategy.Online(1, false).run(stream, adapter, pred -> {
        if (++seen[0] % onlineEvery == 0) {
          probeRows(csv, "online", probes, seen[0], model);
        }
      });
      log.accept("online trajectory over a consecutive stream of " + stream.size() + " samples");
    }
    AtomicFiles.writeString(file, csv.toString());
  }

  private static String header(int d) {
    StringBuilder sb = new StringBuilder("role,token,corruption,label,image,step");
    for (int j = 0; j < d; j++) {
      sb.append(",v").append(j);
    }
    return sb.append('\n').toString();
  }

  private static void probeRows(StringBuilder csv, String role, List<Sample> probes, int step,
      YShapedVit model) {
    Latents l = Latents.of(model, probes.stream().map(Sample::image).toList());
    for (int i = 0; i < probes.size(); i++) {
      Sample p = probes.get(i);
      row(csv, role, "cls", p.corruption(), p.label(), p.position(), step, l.cls()[i]);
      row(csv, role, "mean", p.corruption(), p.label(), p.position(), step, l.meanPatch()[i]);
    }
  }

  private static void rows(StringBuilder csv, String role, String corruption, List<Integer> labels,
      int firstImage, int step, Latents l) {
    for (int i = 0; i < labels.size(); i++) {
      row(csv, role, "cls", corruption, labels.get(i), firstImage + i, step, l.cls()[i]);
      row(csv, role, "mean", corruption, labels.get(i), firstImage + i, step, l.meanPatch()[i]);
    }
  }

  private static void row(StringBuilder csv, String role, String token, String corruption,
      int label, int image, int step, float[] v) {
    csv.append(role).append(',').append(token).append(',').append(corruption).append(',')
        .append(label).append(',').append(image).append(',').append(step);
    for (float x : v) {
      csv.append(',').append(String.format(Locale.ROOT, "%.5g", x));
    }
    csv.append('\n');
  }
}
