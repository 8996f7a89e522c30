package org.ttt4j.data.corruptions;

import java.util.List;

/**
 * Colour 32x32 and 64x64 blur, weather and elastic corruptions, checked against an independent
 * numpy re-implementation of the spec ({@code tools/corruptions/ref_blur_weather_colour.py}):
 * pixel outputs (±1 level) of the deterministic defocus, zoom and Gaussian blurs, and per-seed
 * statistics of the random ones with the tolerance rule of {@link ColourReferenceTest}.
 */
class BlurWeatherColourReferenceTest implements ColourReferenceChecks {
  private final ColourFixture fixture = ColourFixture.load(
      "/fixtures/corruptions/blur_weather_reference.json.gz",
      "tools/corruptions/ref_blur_weather_colour.py");

  @Override
  public ColourFixture fixture() {
    return fixture;
  }

  @Override
  public List<Corruption> deterministic() {
    return List.of(Corruption.DEFOCUS_BLUR, Corruption.ZOOM_BLUR, Corruption.GAUSSIAN_BLUR);
  }

  @Override
  public List<Corruption> random() {
    return List.of(Corruption.GLASS_BLUR, Corruption.MOTION_BLUR, Corruption.SNOW,
        Corruption.FROST, Corruption.FOG, Corruption.ELASTIC_TRANSFORM, Corruption.SPATTER);
  }

  @Override
  public int pixelTolerance(Corruption c) {
    return 1;
  }
}
