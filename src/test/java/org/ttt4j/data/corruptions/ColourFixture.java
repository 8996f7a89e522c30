package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.ttt4j.data.Image;

/**
 * A colour reference fixture written by one of the {@code tools/corruptions/ref_*_colour.py}
 * scripts (independent numpy re-implementations of the spec), and the two checks made against it:
 * pixel outputs of deterministic corruptions within a level tolerance, and statistics of random
 * corruptions within {@code max(floor, k * seed_std * sqrt(1 + 1/n_seeds))} of the seed mean.
 */
final class ColourFixture {
  /**
   * The root seed of the Java side; any seed must pass, this one is fixed for reruns. Override with
   * {@code -Dttt4j.corruption.rootSeed=N} (as for the 28g statistics) to try others.
   */
  static final long ROOT_SEED = Long.getLong("ttt4j.corruption.rootSeed", 20190401L);

  /** The image sides every colour fixture holds. */
  static final int[] SIDES = {32, 64};

  private final String resource;
  private final Map<String, Object> json;

  private ColourFixture(String resource, Map<String, Object> json) {
    this.resource = resource;
    this.json = json;
  }

  /** Loads a gzip JSON fixture from the test classpath; {@code generator} names its script. */
  @SuppressWarnings("unchecked")
  static ColourFixture load(String resource, String generator) {
    try (InputStream raw = ColourFixture.class.getResourceAsStream(resource)) {
      assertNotNull(raw, resource + " missing; regenerate it with /usr/bin/python3 " + generator);
      try (InputStream in = new GZIPInputStream(raw)) {
        return new ColourFixture(resource, (Map<String, Object>)
            MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The corruption ids the fixture has statistics (or pixels) for at {@code side}. */
  List<String> ids(String section, int side) {
    return List.copyOf(MiniJson.object(MiniJson.object(json, section), String.valueOf(side))
        .keySet());
  }

  /** Fails unless SyntheticImages regenerates the fixture's inputs byte for byte. */
  void assertInputsMatch(int side) {
    List<?> hashes = (List<?>) MiniJson.object(json, "images").get(String.valueOf(side));
    for (int k = 0; k < hashes.size(); k++) {
      assertEquals(hashes.get(k), sha256(SyntheticImages.reference(side, k).pixels()),
          "synthetic image " + k + " at " + side + " differs from the Python generator of "
              + resource);
    }
  }

  /** Fails if any stored pixel output of {@code c} differs by more than {@code tolerance}. */
  void assertPixelsMatch(int side, Corruption c, int tolerance) {
    Map<String, Object> bySeverity = MiniJson.object(
        MiniJson.object(MiniJson.object(json, "pixels"), String.valueOf(side)), c.id());
    List<String> misses = new ArrayList<>();
    for (Severity s : Severity.values()) {
      List<?> expected = (List<?>) bySeverity.get(String.valueOf(s.level()));
      for (int k = 0; k < expected.size(); k++) {
        byte[] want = Base64.getDecoder().decode((String) expected.get(k));
        byte[] got = c.apply(SyntheticImages.reference(side, k), s, ROOT_SEED, k).pixels();
        int maxDiff = 0;
        int differing = 0;
        for (int i = 0; i < want.length; i++) {
          int d = Math.abs((want[i] & 0xFF) - (got[i] & 0xFF));
          maxDiff = Math.max(maxDiff, d);
          differing += d > 0 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "pixels %-16s %d s%d image %d: max diff %d, %d of %d"
            + " values differ%n", c.id(), side, s.level(), k, maxDiff, differing, want.length);
        if (maxDiff > tolerance) {
          misses.add("s" + s.level() + " image " + k + ": max diff " + maxDiff);
        }
      }
    }
    assertTrue(misses.isEmpty(), c.id() + " at " + side + " exceeds ±" + tolerance
        + " levels: " + String.join("; ", misses));
  }

  /** Fails if a statistic of {@code c} at {@code s} is outside the fixture's tolerance rule. */
  void assertStatisticsMatch(int side, Corruption c, Severity s) {
    int n = ((List<?>) MiniJson.object(json, "images").get(String.valueOf(side))).size();
    List<Image> clean = new ArrayList<>();
    List<Image> corrupted = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Image x = SyntheticImages.reference(side, k);
      clean.add(x);
      corrupted.add(c.apply(x, s, ROOT_SEED, k));
    }
    CorruptionStatistics.Aggregate ours = CorruptionStatistics.of(clean, corrupted);
    Map<String, Object> meta = MiniJson.object(json, "meta");
    Map<String, Object> floors = MiniJson.object(meta, "floors");
    Map<String, Object> ref = MiniJson.object(MiniJson.object(MiniJson.object(
        MiniJson.object(json, "stats"), String.valueOf(side)), c.id()),
        String.valueOf(s.level()));
    List<String> misses = new ArrayList<>();
    for (String stat : ref.keySet()) {
      Map<String, Object> e = MiniJson.object(ref, stat);
      double mean = MiniJson.number(e, "seed_mean");
      double spread = MiniJson.number(meta, "k") * MiniJson.number(e, "seed_std")
          * Math.sqrt(1 + 1 / MiniJson.number(meta, "n_seeds"));
      double floor = stat.equals("hf_ratio")
          ? MiniJson.number(floors, "hf_ratio_rel") * mean : MiniJson.number(floors, stat);
      double tol = Math.max(floor, spread);
      double actual = ours.get(stat);
      System.out.printf(Locale.ROOT, "stats %-17s %d s%d %-9s java %10.5f reference %10.5f"
          + " +- %.5f%n", c.id(), side, s.level(), stat, actual, mean, tol);
      if (!(Math.abs(actual - mean) <= tol)) {
        misses.add(String.format(Locale.ROOT, "%s: java %.5f, reference %.5f +- %.5f",
            stat, actual, mean, tol));
      }
    }
    assertTrue(misses.isEmpty(), c.id() + " at " + side + " s" + s.level() + ": "
        + String.join("; ", misses));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** JUnit cases: (side, corruption), or (side, corruption, severity) for every severity. */
  static Stream<Arguments> cases(int[] sides,
      List<Corruption> corruptions, boolean everySeverity) {
    List<Arguments> out = new ArrayList<>();
    for (int side : sides) {
      for (Corruption c : corruptions) {
        if (!everySeverity) {
          out.add(Arguments.of(side, c));
          continue;
        }
        for (Severity s : Severity.values()) {
          out.add(Arguments.of(side, c, s));
        }
      }
    }
    return out.stream();
  }
}
