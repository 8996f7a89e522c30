package org.ttt4j.data.corruptions;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Colour 32x32 and 64x64 blur, weather and elastic corruptions, checked against an independent
 * numpy re-implementation of the spec ({@code tools/corruptions/ref_blur_weather_colour.py}):
 * pixel outputs (±1 level) of the deterministic defocus, zoom and Gaussian blurs, and per-seed
 * statistics of the random ones with the tolerance rule of {@link ColourReferenceTest}.
 */
class BlurWeatherColourReferenceTest {
  private static final String FIXTURE = "/fixtures/corruptions/blur_weather_reference.json.gz";
  private static final String GENERATOR = "tools/corruptions/ref_blur_weather_colour.py";
  private static final int[] SIDES = {32, 64};
  private static final List<Corruption> DETERMINISTIC =
      List.of(Corruption.DEFOCUS_BLUR, Corruption.ZOOM_BLUR, Corruption.GAUSSIAN_BLUR);
  private static final List<Corruption> RANDOM = List.of(Corruption.GLASS_BLUR,
      Corruption.MOTION_BLUR, Corruption.SNOW, Corruption.FROST, Corruption.FOG,
      Corruption.ELASTIC_TRANSFORM, Corruption.SPATTER);

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
  void deterministicBlurMatchesPixelReference(int side, Corruption corruption) {
    fixture.assertPixelsMatch(side, corruption, 1);
  }

  @ParameterizedTest(name = "{1} at {0} {2}")
  @MethodSource("randomCases")
  void randomCorruptionMatchesReferenceStatistics(int side, Corruption c, Severity s) {
    fixture.assertStatisticsMatch(side, c, s);
  }
}
