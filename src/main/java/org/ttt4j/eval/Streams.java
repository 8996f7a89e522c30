package org.ttt4j.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.Seeds;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.data.corruptions.Severity;
import org.ttt4j.ttt.Sample;

/**
 * The test streams of seed 000's experiments, built from a clean dataset. Sample i of corruption c
 * at level s is always dataset image i corrupted with the same seed as {@code ttt4j corrupt} uses
 * (root seed, index, corruption, severity), so streams and written sets agree image for image.
 *
 * <p>Every sample carries its {@link Sample#imageIndex()}: the index i of the clean dataset image
 * it was made from, whatever its stream position. A shuffled or consecutive stream therefore names
 * the same images as the separate runs, and {@code ttt4j summary --paired} matches them by it.
 * For a blend the index is that of the one image both blended versions are made from: in
 * {@link #continuous} the image i whose two levels are blended, in {@link #drift} the image whose
 * two corruptions are (each neighbouring pair on its own images). A continuous sample's severity
 * is its rounded level, so pairing it against a one-level run matches that level's version of the
 * same image, which the blend only approximates. A held-out sample carries the index of its image
 * among the dataset's last ones.
 */
public final class Streams {

  private Streams() {}

  /** Dataset images 0..n-1 with one corruption at one level, in order (a "separate" run). */
  public static List<Sample> separate(Dataset clean, Corruption c, int level, int n, long seed) {
    requireCount("separate", n);
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(corrupted(clean, i, c, level, seed, out.size()));
    }
    return out;
  }

  /**
   * Blocks of n images per corruption, one after another, no reset between them. Every block uses
   * dataset images 0..n-1, as the separate runs do, so the two are comparable sample by sample.
   */
  public static List<Sample> consecutive(Dataset clean, List<Corruption> cs, int level, int n,
      long seed) {
    requireCount("consecutive", n);
    List<Sample> out = new ArrayList<>();
    for (int b = 0; b < cs.size(); b++) {
      for (int i = 0; i < n; i++) {
        out.add(corrupted(clean, i, cs.get(b), level, seed, out.size()));
      }
    }
    return out;
  }

  /** The samples of {@link #consecutive} in a random order: all corruptions mixed. */
  public static List<Sample> shuffled(Dataset clean, List<Corruption> cs, int level, int n,
      long seed) {
    requireCount("shuffled", n);
    return renumber(shuffle(consecutive(clean, cs, level, n, seed), seed));
  }

  /** Each corruption's block rises from severity 1 to 5 (n / 5 images per level). */
  public static List<Sample> gradual(Dataset clean, List<Corruption> cs, int n, long seed) {
    requireCount("gradual", n);
    List<Sample> out = new ArrayList<>();
    int perLevel = Math.max(1, n / 5);       // n is a multiple of 5 (StreamSpec checks it)
    for (int b = 0; b < cs.size(); b++) {
      for (int level = 1; level <= 5; level++) {
        for (int i = 0; i < perLevel; i++) {
          int index = (level - 1) * perLevel + i;
          out.add(corrupted(clean, index, cs.get(b), level, seed, out.size()));
        }
      }
    }
    return out;
  }

  /** The samples of {@link #gradual}, their order shuffled within each corruption's block. */
  public static List<Sample> shuffledLevels(Dataset clean, List<Corruption> cs, int n, long seed) {
    requireCount("shuffledLevels", n);
    if (cs.isEmpty()) {                       // its blocks are g.size() / cs.size() long
      throw new IllegalArgumentException("Streams.shuffledLevels needs at least one corruption,"
          + " got none; give the corruptions whose levels to shuffle");
    }
    List<Sample> g = gradual(clean, cs, n, seed);
    int block = g.size() / cs.size();
    List<Sample> out = new ArrayList<>();
    for (int b = 0; b < cs.size(); b++) {
      out.addAll(shuffle(g.subList(b * block, (b + 1) * block), seed + b));
    }
    return renumber(out);
  }

  /** The samples of {@link #consecutive} sorted by label: a label-shift stress test. */
  public static List<Sample> classOrdered(Dataset clean, List<Corruption> cs, int level, int n,
      long seed) {
    requireCount("classOrdered", n);
    List<Sample> s = new ArrayList<>(consecutive(clean, cs, level, n, seed));
    s.sort(Comparator.comparingInt(Sample::label));   // stable: keeps stream order within a class
    return renumber(s);
  }

  /**
   * Severity rising smoothly from 1 to 5 over n images: image i is a pixel blend of levels
   * floor(t) and floor(t)+1 at t = 1 + 4i/(n-1), weighted by the fraction (seed 000's
   * interpolation). The sample's severity is the rounded t.
   */
  public static List<Sample> continuous(Dataset clean, Corruption c, int n, long seed) {
    requireCount("continuous", n);
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double t = n == 1 ? 1 : 1 + 4.0 * i / (n - 1);
      int low = Math.min(4, (int) Math.floor(t));
      double f = t - low;
      LabeledImage li = clean.get(i);
      Image a = c.apply(li.image(), Severity.of(low), seed, i);
      Image b = c.apply(li.image(), Severity.of(low + 1), seed, i);
      out.add(new Sample(i, blend(a, b, f), li.label(), c.id(), (int) Math.round(t), i));
    }
    return out;
  }

  /**
   * One corruption turning into the next at one level: for each neighbouring pair (a, b) of
   * {@code cs}, n images whose pixels are the blend (1 − f)·a + f·b of the two corruptions of
   * the same image, f rising from 0 to 1 (seed 000's interpolation between two shifts). The
   * pairs follow each other in one stream, each on its own images ((len(cs) − 1)·n in all); a
   * sample's corruption is named "a>b", its severity is the level.
   */
  public static List<Sample> drift(Dataset clean, List<Corruption> cs, int level, int n,
      long seed) {
    requireCount("drift", n);
    if (cs.size() < 2) {                      // it blends each corruption into the next
      throw new IllegalArgumentException("Streams.drift needs at least two corruptions (it turns"
          + " each into the next), got " + cs.size() + "; give two or more, e.g. fog, contrast");
    }
    List<Sample> out = new ArrayList<>(n * (cs.size() - 1));
    for (int j = 0; j + 1 < cs.size(); j++) {
      Corruption from = cs.get(j);
      Corruption to = cs.get(j + 1);
      for (int i = 0; i < n; i++) {
        int index = j * n + i;
        Sample a = corrupted(clean, index, from, level, seed, out.size());
        Image b = to.apply(clean.get(index).image(), Severity.of(level), seed, index);
        double f = n == 1 ? 1 : (double) i / (n - 1);
        out.add(new Sample(out.size(), blend(a.image(), b, f), a.label(),
            from.id() + ">" + to.id(), level, index));
      }
    }
    return out;
  }

  /** Clean images 0..n-1 (severity 0). */
  public static List<Sample> clean(Dataset clean, int n) {
    requireCount("clean", n);
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      LabeledImage li = clean.get(i);
      out.add(new Sample(i, li.image(), li.label(), "clean", 0, i));
    }
    return out;
  }

  /**
   * A held-out set for measuring a stream's weights without training on them: the LAST
   * {@code n} images of the dataset (streams take the first ones) under each given corruption at
   * {@code level}, or clean when {@code cs} is empty. Fails when it would overlap the
   * {@code streamImages} first images the stream uses.
   */
  public static List<Sample> holdout(Dataset clean, List<Corruption> cs, int level, int n,
      int streamImages, long seed) {
    int first = clean.size() - n;
    if (n < 1) {
      throw new IllegalArgumentException("a held-out set needs at least 1 image per corruption,"
          + " got " + n + "; give --holdout N >= 1, or --holdout-every 0 to measure none");
    }
    requireHoldoutFits(clean, n, streamImages);
    List<Sample> out = new ArrayList<>();
    for (int i = first; i < clean.size(); i++) {
      if (cs.isEmpty()) {
        LabeledImage li = clean.get(i);
        out.add(new Sample(out.size(), li.image(), li.label(), "clean", 0, i));
      }
      for (Corruption c : cs) {
        out.add(corrupted(clean, i, c, level, seed, out.size()));
      }
    }
    return out;
  }

  /** Refuses a held-out set of the last {@code n} images that would take stream images. */
  static void requireHoldoutFits(Dataset clean, int n, int streamImages) {
    if (clean.size() - n < streamImages) {
      throw new IllegalArgumentException("a held-out set of " + n + " images would overlap the "
          + streamImages + " stream images of " + clean.source() + " (" + clean.size()
          + " images); use fewer held-out or stream samples");
    }
  }

  /** Refuses a negative sample count before it becomes an ArrayList's "Illegal Capacity". */
  private static void requireCount(String builder, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("Streams." + builder + " needs n >= 0 images per"
          + " corruption, got " + n + "; give the number of samples to take");
    }
  }

  static Sample corrupted(Dataset clean, int index, Corruption c, int level, long seed,
      int position) {
    if (index >= clean.size()) {
      throw new IllegalArgumentException("the stream needs image " + index + " but "
          + clean.source() + " has " + clean.size() + "; ask for fewer samples per corruption");
    }
    LabeledImage li = clean.get(index);
    return new Sample(position, c.apply(li.image(), Severity.of(level), seed, index), li.label(),
        c.id(), level, index);
  }

  static Image blend(Image a, Image b, double f) {
    byte[] pa = a.pixels();
    byte[] pb = b.pixels();
    byte[] out = new byte[pa.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Math.round((1 - f) * (pa[i] & 0xFF) + f * (pb[i] & 0xFF));
    }
    return new Image(a.height(), a.width(), a.channels(), out);
  }

  private static List<Sample> shuffle(List<Sample> s, long seed) {
    List<Sample> copy = new ArrayList<>(s);
    Collections.shuffle(copy, new Random(Seeds.derive(seed, 11, copy.size())));
    return copy;
  }

  private static List<Sample> renumber(List<Sample> s) {
    List<Sample> out = new ArrayList<>(s.size());
    for (Sample x : s) {
      out.add(x.at(out.size()));
    }
    return out;
  }
}
