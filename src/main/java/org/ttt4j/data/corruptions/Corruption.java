package org.ttt4j.data.corruptions;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.ttt4j.data.Image;

/**
 * The 15 ImageNet-C benchmark corruptions and the 4 extra ("validation") ones, exactly as
 * {@code shared/specs/corruptions.md} specifies them (Hendrycks &amp; Dietterich, ICLR 2019,
 * <a href="https://arxiv.org/abs/1903.12261">arXiv:1903.12261</a>).
 *
 * <p>A corruption maps a clean uint8 image to a corrupted one of the same shape; grey images stay
 * grey (spec §8). The output depends only on (root seed, image index, corruption, severity):
 *
 * <pre>{@code
 * Image y = Corruption.parse("shot_noise").apply(x, Severity.of(3), rootSeed, index);
 * }</pre>
 */
public enum Corruption {
  // noise
  GAUSSIAN_NOISE(Family.NOISE, true, Noise::gaussian),
  SHOT_NOISE(Family.NOISE, true, Noise::shot),
  IMPULSE_NOISE(Family.NOISE, true, Noise::impulse),
  // blur
  DEFOCUS_BLUR(Family.BLUR, true, Blur::defocus),
  GLASS_BLUR(Family.BLUR, true, Blur::glass),
  MOTION_BLUR(Family.BLUR, true, Blur::motion),
  ZOOM_BLUR(Family.BLUR, true, Blur::zoom),
  // weather
  SNOW(Family.WEATHER, true, Weather::snow),
  FROST(Family.WEATHER, true, Weather::frost),
  FOG(Family.WEATHER, true, Weather::fog),
  BRIGHTNESS(Family.WEATHER, true, Digital::brightness),
  // digital
  CONTRAST(Family.DIGITAL, true, Digital::contrast),
  ELASTIC_TRANSFORM(Family.DIGITAL, true, Elastic::elastic),
  PIXELATE(Family.DIGITAL, true, Digital::pixelate),
  JPEG_COMPRESSION(Family.DIGITAL, true, Digital::jpeg),
  // extra ("validation") corruptions
  SPECKLE_NOISE(Family.NOISE, false, Noise::speckle),
  GAUSSIAN_BLUR(Family.BLUR, false, Blur::gaussian),
  SPATTER(Family.WEATHER, false, Weather::spatter),
  SATURATE(Family.DIGITAL, false, Digital::saturate);

  /** The four ImageNet-C families. */
  public enum Family { NOISE, BLUR, WEATHER, DIGITAL }

  private final Family family;
  private final boolean benchmark;
  private final Kernel kernel;

  Corruption(Family family, boolean benchmark, Kernel kernel) {
    this.family = family;
    this.benchmark = benchmark;
    this.kernel = kernel;
  }

  public Family family() {
    return family;
  }

  /** True for the 15 benchmark corruptions, false for the 4 extras. */
  public boolean isBenchmark() {
    return benchmark;
  }

  /** The reference's name, e.g. {@code gaussian_noise}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The seed of one corrupted sample, derived from the run's root seed, the image index, this
   * corruption and the severity only ({@link CorruptionSeeds#RULE}). It is the seed {@code ttt4j
   * corrupt} uses, so {@link #apply(Image, Severity, long, int)} regenerates any image of a written
   * set alone, in any processing order, on every platform.
   */
  public long seedFor(long rootSeed, int index, Severity severity) {
    if (index < 0) {
      throw new IllegalArgumentException("image index must be >= 0, got " + index);
    }
    return CorruptionSeeds.seed(rootSeed, index, this, severity);
  }

  /** Corrupts sample {@code index} of a set made with {@code rootSeed} (see {@link #seedFor}). */
  public Image apply(Image clean, Severity severity, long rootSeed, int index) {
    return apply(clean, severity, seedFor(rootSeed, index, severity));
  }

  /**
   * Corrupts with the parameter table the reference uses for this image size ({@link
   * ParamTable#forSide}: 224, 64, 32, or 28; other sides throw and name the explicit overload) and
   * a {@link SplittableRandom} seeded with {@code seed}.
   */
  public Image apply(Image clean, Severity severity, long seed) {
    int side = Math.max(clean.height(), clean.width());
    return apply(clean, severity, ParamTable.forSide(side), new SplittableRandom(seed));
  }

  /**
   * Corrupts with an explicit table and random stream; every draw comes from {@code rng} (the
   * deterministic corruptions draw nothing). Side-dependent quantities come from the image.
   */
  public Image apply(Image clean, Severity severity, ParamTable table, RandomGenerator rng) {
    return kernel.apply(clean, severity, table, rng);
  }

  /** The 15 benchmark corruptions, in Table-1 order. */
  public static List<Corruption> benchmark() {
    return Arrays.stream(values()).filter(Corruption::isBenchmark).toList();
  }

  /**
   * Parses a reference name ({@code gaussian_noise}, case-insensitive, '-' accepted for '_'). An
   * unknown name, or null, is an {@link IllegalArgumentException} that lists the valid names (and
   * suggests the closest).
   */
  public static Corruption parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("no corruption name given (null); valid: "
          + Arrays.stream(values()).map(Corruption::id).collect(Collectors.joining(", ")));
    }
    String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Corruption c : values()) {
      if (c.id().equals(key)) {
        return c;
      }
    }
    Corruption closest =
        Arrays.stream(values())
            .min(Comparator.comparingInt(c -> editDistance(c.id(), key)))
            .orElseThrow();
    String valid = Arrays.stream(values()).map(Corruption::id).collect(Collectors.joining(", "));
    throw new IllegalArgumentException(
        "unknown corruption '" + name + "'; did you mean '" + closest.id() + "'? Valid: " + valid);
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
