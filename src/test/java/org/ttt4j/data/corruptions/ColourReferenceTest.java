package org.ttt4j.data.corruptions;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Colour 32x32 and 64x64, checked independently of the 28g reference: an independent numpy
 * re-implementation of the spec ({@code tools/corruptions/ref_stats_colour.py}, Pillow for BOX and
 * JPEG, scikit-image for HSV) gives pixel outputs of the deterministic corruptions (±1 level, ±2
 * for JPEG) and per-seed statistics of the noise corruptions (same tolerance rule as the 28g
 * reference, plus chan_corr). Blur, weather and elastic: {@link BlurWeatherColourReferenceTest}.
 */
class ColourReferenceTest {
  private static final String FIXTURE = "/fixtures/corruptions/colour_reference.json.gz";
  private static final String GENERATOR = "tools/corruptions/ref_stats_colour.py";
  private static final int[] SIDES = {32, 64};
  private static final List<Corruption> DETERMINISTIC = List.of(Corruption.BRIGHTNESS,
      Corruption.CONTRAST, Corruption.PIXELATE, Corruption.JPEG_COMPRESSION, Corruption.SATURATE);
  private static final List<Corruption> RANDOM = List.of(Corruption.GAUSSIAN_NOISE,
      Corruption.SHOT_NOISE, Corruption.IMPULSE_NOISE, Corruption.SPECKLE_NOISE);

  private static ColourFixture fixture;

  @BeforeAll
  static void loadFixture() {
    fixture = ColourFixture.load(FIXTURE, GENERATOR);
  }

  static Stream<Arguments> deterministicCases() {
    return ColourFixture.cases(SIDES, DETERMINISTIC, false);
  }

  static Stream<Arguments> randomCases() {
    return ColourFixture.cases(SIDES, RANDOM, true);
  }

  @Test
  void syntheticInputsMatchThePythonGenerator() {
    for (int side : SIDES) {
      fixture.assertInputsMatch(side);
    }
  }

  @ParameterizedTest(name = "{1} at {0}")
  @MethodSource("deterministicCases")
  void deterministicCorruptionMatchesPixelReference(int side, Corruption corruption) {
    fixture.assertPixelsMatch(side, corruption, corruption == Corruption.JPEG_COMPRESSION ? 2 : 1);
  }

  @ParameterizedTest(name = "{1} at {0} {2}")
  @MethodSource("randomCases")
  void noiseCorruptionMatchesReferenceStatistics(int side, Corruption c, Severity s) {
    fixture.assertStatisticsMatch(side, c, s);
  }
}
