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
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttt4j.data.Image;

/**
 * Colour 32x32 and 64x64, checked independently of the 28g reference: an independent numpy
 * re-implementation of the spec ({@code tools/corruptions/ref_stats_colour.py}, Pillow for BOX and
 * JPEG, scikit-image for HSV) gives pixel outputs of the deterministic corruptions (±1 level, ±2
 * for JPEG) and per-seed statistics of the noise corruptions (same tolerance rule as the 28g
 * reference, plus chan_corr).
 */
class ColourReferenceTest {
  private static final String FIXTURE = "/fixtures/corruptions/colour_reference.json.gz";
  private static final long ROOT_SEED = 20190401L;
  private static final int[] SIDES = {32, 64};
  private static final List<Corruption> DETERMINISTIC = List.of(Corruption.BRIGHTNESS,
      Corruption.CONTRAST, Corruption.PIXELATE, Corruption.JPEG_COMPRESSION, Corruption.SATURATE);
  private static final List<Corruption> RANDOM = List.of(Corruption.GAUSSIAN_NOISE,
      Corruption.SHOT_NOISE, Corruption.IMPULSE_NOISE, Corruption.SPECKLE_NOISE);

  private static Map<String, Object> fixture;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void loadFixture() throws IOException {
    try (InputStream raw = ColourReferenceTest.class.getResourceAsStream(FIXTURE)) {
      assertNotNull(raw, FIXTURE + " missing; regenerate it with /usr/bin/python3 "
          + "tools/corruptions/ref_stats_colour.py");
      try (InputStream in = new GZIPInputStream(raw)) {
        fixture = (Map<String, Object>)
            MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      }
    }
  }

  static Stream<Arguments> deterministicCases() {
    List<Arguments> out = new ArrayList<>();
    for (int side : SIDES) {
      for (Corruption c : DETERMINISTIC) {
        out.add(Arguments.of(side, c));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> randomCases() {
    List<Arguments> out = new ArrayList<>();
    for (int side : SIDES) {
      for (Corruption c : RANDOM) {
        for (Severity s : Severity.values()) {
          out.add(Arguments.of(side, c, s));
        }
      }
    }
    return out.stream();
  }

  @Test
  void syntheticInputsMatchThePythonGenerator() {
    for (int side : SIDES) {
      List<?> hashes = (List<?>) MiniJson.object(fixture, "images").get(String.valueOf(side));
      for (int k = 0; k < hashes.size(); k++) {
        assertEquals(hashes.get(k), sha256(SyntheticImages.reference(side, k).pixels()),
            "synthetic image " + k + " at " + side + " differs from the Python generator");
      }
    }
  }

  @ParameterizedTest(name = "{1} at {0}")
  @MethodSource("deterministicCases")
  void deterministicCorruptionMatchesPixelReference(int side, Corruption corruption) {
    int tolerance = corruption == Corruption.JPEG_COMPRESSION ? 2 : 1;
    Map<String, Object> bySeverity = MiniJson.object(
        MiniJson.object(MiniJson.object(fixture, "pixels"), String.valueOf(side)),
        corruption.id());
    List<String> misses = new ArrayList<>();
    for (Severity s : Severity.values()) {
      List<?> expected = (List<?>) bySeverity.get(String.valueOf(s.level()));
      for (int k = 0; k < expected.size(); k++) {
        byte[] want = Base64.getDecoder().decode((String) expected.get(k));
        byte[] got = corruption.apply(SyntheticImages.reference(side, k), s, ROOT_SEED, k)
            .pixels();
        int maxDiff = 0;
        int differing = 0;
        for (int i = 0; i < want.length; i++) {
          int d = Math.abs((want[i] & 0xFF) - (got[i] & 0xFF));
          maxDiff = Math.max(maxDiff, d);
          differing += d > 0 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "pixels %-16s %d s%d image %d: max diff %d, %d of %d"
            + " values differ%n", corruption.id(), side, s.level(), k, maxDiff, differing,
            want.length);
        if (maxDiff > tolerance) {
          misses.add("s" + s.level() + " image " + k + ": max diff " + maxDiff);
        }
      }
    }
    assertTrue(misses.isEmpty(), corruption.id() + " at " + side + " exceeds ±" + tolerance
        + " levels: " + String.join("; ", misses));
  }

  @ParameterizedTest(name = "{1} at {0} {2}")
  @MethodSource("randomCases")
  void noiseCorruptionMatchesReferenceStatistics(int side, Corruption c, Severity s) {
    int n = ((List<?>) MiniJson.object(fixture, "images").get(String.valueOf(side))).size();
    List<Image> clean = new ArrayList<>();
    List<Image> corrupted = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Image x = SyntheticImages.reference(side, k);
      clean.add(x);
      corrupted.add(c.apply(x, s, ROOT_SEED, k));
    }
    CorruptionStatistics.Aggregate ours = CorruptionStatistics.of(clean, corrupted);
    Map<String, Object> meta = MiniJson.object(fixture, "meta");
    Map<String, Object> ref = MiniJson.object(MiniJson.object(MiniJson.object(
        MiniJson.object(fixture, "stats"), String.valueOf(side)), c.id()),
        String.valueOf(s.level()));
    List<String> misses = new ArrayList<>();
    for (String stat : ref.keySet()) {
      Map<String, Object> e = MiniJson.object(ref, stat);
      double mean = MiniJson.number(e, "seed_mean");
      double spread = MiniJson.number(meta, "k") * MiniJson.number(e, "seed_std")
          * Math.sqrt(1 + 1 / MiniJson.number(meta, "n_seeds"));
      Map<String, Object> floors = MiniJson.object(meta, "floors");
      double floor = stat.equals("hf_ratio")
          ? MiniJson.number(floors, "hf_ratio_rel") * mean : MiniJson.number(floors, stat);
      double tol = Math.max(floor, spread);
      double actual = ours.get(stat);
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
}
