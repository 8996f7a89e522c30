package org.ttt4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.ttt.Sample;

/**
 * Which test stream to build (seed 000's stream experiments), as a value for manifests.
 *
 * @param kind the stream order
 * @param corruptions the corruptions in the stream (ignored by {@link Kind#CLEAN})
 * @param level severity 1..5 (ignored by gradual, shuffled levels and continuous)
 * @param perCorruption samples per corruption
 * @param seed root seed of the corruptions and of the shuffles
 */
public record StreamSpec(Kind kind, List<Corruption> corruptions, int level, int perCorruption,
    long seed) {

  /** The stream orders. */
  public enum Kind {
    /** One run per corruption, the model reset between runs. */
    SEPARATE,
    CONSECUTIVE,
    SHUFFLED,
    GRADUAL,
    SHUFFLED_LEVELS,
    CLASS_ORDERED,
    CONTINUOUS,
    /** One corruption turning smoothly into the next, at one level (seed 000's blend). */
    BLEND,
    CLEAN;

    public static Kind parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown stream '" + s + "'; valid: separate,"
            + " consecutive, shuffled, gradual, shuffled-levels, class-ordered, continuous, blend,"
            + " clean");
      }
    }
  }

  public StreamSpec {
    corruptions = List.copyOf(corruptions);
    if (perCorruption < 1) {
      throw new IllegalArgumentException("samples per corruption must be >= 1, got "
          + perCorruption);
    }
    if (level < 1 || level > 5) {
      throw new IllegalArgumentException("level must be 1..5, got " + level);
    }
    if (kind != Kind.CLEAN && corruptions.isEmpty()) {
      throw new IllegalArgumentException("the " + kind + " stream needs at least one corruption");
    }
    if (kind == Kind.BLEND && corruptions.size() < 2) {
      throw new IllegalArgumentException("the blend stream turns one corruption into the next:"
          + " give at least two with --corruptions, e.g. fog,contrast");
    }
    if ((kind == Kind.GRADUAL || kind == Kind.SHUFFLED_LEVELS) && perCorruption % 5 != 0) {
      throw new IllegalArgumentException("the " + kind.name().toLowerCase(Locale.ROOT)
          .replace('_', '-') + " stream takes --samples/5 images per level 1..5; give a multiple"
          + " of 5, got " + perCorruption);
    }
  }

  /**
   * The stream's segments: the model is reset before each one. SEPARATE gives one segment per
   * corruption; every other kind is a single segment.
   */
  public List<List<Sample>> build(Dataset clean) {
    requireFits(clean, 0);
    List<List<Sample>> out = new ArrayList<>();
    switch (kind) {
      case SEPARATE -> corruptions.forEach(
          c -> out.add(Streams.separate(clean, c, level, perCorruption, seed)));
      case CONSECUTIVE -> out.add(Streams.consecutive(clean, corruptions, level, perCorruption, seed));
      case SHUFFLED -> out.add(Streams.shuffled(clean, corruptions, level, perCorruption, seed));
      case GRADUAL -> out.add(Streams.gradual(clean, corruptions, perCorruption, seed));
      case SHUFFLED_LEVELS -> out.add(Streams.shuffledLevels(clean, corruptions, perCorruption, seed));
      case CLASS_ORDERED -> out.add(Streams.classOrdered(clean, corruptions, level, perCorruption, seed));
      case CONTINUOUS -> corruptions.forEach(
          c -> out.add(Streams.continuous(clean, c, perCorruption, seed)));
      case BLEND -> out.add(Streams.drift(clean, corruptions, level, perCorruption, seed));
      case CLEAN -> out.add(Streams.clean(clean, perCorruption));
    }
    return out;
  }

  /** How many of the dataset's first images the stream uses (blend: {@code n} per pair). */
  public int imagesUsed() {
    return kind == Kind.BLEND ? perCorruption * (corruptions.size() - 1) : perCorruption;
  }

  /**
   * Fails, before any image is corrupted, when the stream needs more images than {@code clean}
   * has, or when {@code holdout} held-out images per corruption (0: none) would overlap them.
   */
  public void requireFits(Dataset clean, int holdout) {
    if (imagesUsed() > clean.size()) {
      throw new IllegalArgumentException("--samples " + perCorruption + (kind == Kind.BLEND
          ? " per pair of the " + corruptions.size() + " blended corruptions needs "
              + imagesUsed() + " images, more than the " : " is more than the ")
          + clean.size() + " images of " + clean.source() + "; ask for fewer samples per"
          + " corruption");
    }
    if (holdout > 0) {
      Streams.requireHoldoutFits(clean, holdout, imagesUsed());
    }
  }

  /**
   * Per segment of {@link #build}, a held-out set of {@code n} images per corruption of the
   * segment (the dataset's last images, at {@link #level}, clean for {@link Kind#CLEAN}): what
   * {@code ttt4j eval --holdout-every} measures the current weights on.
   */
  public List<List<Sample>> holdout(Dataset clean, int n) {
    int used = imagesUsed();
    List<List<Sample>> out = new ArrayList<>();
    switch (kind) {
      case SEPARATE, CONTINUOUS -> corruptions.forEach(
          c -> out.add(Streams.holdout(clean, List.of(c), level, n, used, seed)));
      case CLEAN -> out.add(Streams.holdout(clean, List.of(), level, n, used, seed));
      default -> out.add(Streams.holdout(clean, corruptions, level, n, used, seed));
    }
    return out;
  }
}
