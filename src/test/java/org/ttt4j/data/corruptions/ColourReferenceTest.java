package org.ttt4j.data.corruptions;

import java.util.List;

/**
 * Colour 32x32 and 64x64, checked independently of the 28g reference: an independent numpy
 * re-implementation of the spec ({@code tools/corruptions/ref_stats_colour.py}, Pillow for BOX and
 * JPEG, scikit-image for HSV) gives pixel outputs of the deterministic corruptions (±1 level, ±2
 * for JPEG) and per-seed statistics of the noise corruptions (same tolerance rule as the 28g
 * reference, plus chan_corr). Blur, weather and elastic: {@link BlurWeatherColourReferenceTest}.
 */
class ColourReferenceTest implements ColourReferenceChecks {
  private final ColourFixture fixture = ColourFixture.load(
      "/fixtures/corruptions/colour_reference.json.gz", "tools/corruptions/ref_stats_colour.py");

  @Override
  public ColourFixture fixture() {
    return fixture;
  }

  @Override
  public List<Corruption> deterministic() {
    return List.of(Corruption.BRIGHTNESS, Corruption.CONTRAST, Corruption.PIXELATE,
        Corruption.JPEG_COMPRESSION, Corruption.SATURATE);
  }

  @Override
  public List<Corruption> random() {
    return List.of(Corruption.GAUSSIAN_NOISE, Corruption.SHOT_NOISE, Corruption.IMPULSE_NOISE,
        Corruption.SPECKLE_NOISE);
  }

  @Override
  public int pixelTolerance(Corruption c) {
    return c == Corruption.JPEG_COMPRESSION ? 2 : 1;
  }
}
