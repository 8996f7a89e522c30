package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttt4j.data.Image;

/** The public behaviour of {@link Corruption}, {@link Severity} and {@link ParamTable}. */
class CorruptionTest {
  /** The corruptions implemented in Noise and Digital. */
  static final Set<Corruption> NOISE_AND_DIGITAL = EnumSet.of(
      Corruption.GAUSSIAN_NOISE, Corruption.SHOT_NOISE, Corruption.IMPULSE_NOISE,
      Corruption.SPECKLE_NOISE, Corruption.BRIGHTNESS, Corruption.CONTRAST, Corruption.PIXELATE,
      Corruption.JPEG_COMPRESSION, Corruption.SATURATE);

  static final Set<Corruption> RANDOM =
      EnumSet.of(Corruption.GAUSSIAN_NOISE, Corruption.SHOT_NOISE, Corruption.IMPULSE_NOISE,
          Corruption.SPECKLE_NOISE);

  @Test
  void unknownNameListsValidNamesAndSuggestsClosest() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Corruption.parse("gausian_noise"));
    assertTrue(e.getMessage().contains("did you mean 'gaussian_noise'"), e.getMessage());
    for (Corruption c : Corruption.values()) {
      assertTrue(e.getMessage().contains(c.id()), "message should list " + c.id());
    }
  }

  @Test
  void parseAcceptsReferenceNamesCaseAndDashes() {
    assertEquals(Corruption.JPEG_COMPRESSION, Corruption.parse("JPEG-Compression"));
    assertEquals(Corruption.SHOT_NOISE, Corruption.parse(" shot_noise "));
  }

  @Test
  void seedForIsTheSeedTheSetWriterUses() {
    // CorruptedSetWriter seeds image i with CorruptionSeeds.seed; the library call must agree, or
    // Corruption.apply(x, s, root, i) would not regenerate image i of a set made by ttt4j corrupt.
    for (Corruption c : Corruption.values()) {
      for (Severity s : Severity.values()) {
        assertEquals(CorruptionSeeds.seed(7, 3, c, s), c.seedFor(7, 3, s), c.id() + " " + s);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 6, -1})
  void severityOutsideOneToFiveIsAClearError(int level) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Severity.of(level));
    assertTrue(e.getMessage().contains("between 1 and 5"), e.getMessage());
    assertTrue(e.getMessage().contains(String.valueOf(level)), e.getMessage());
  }

  @Test
  void paramTableFollowsSpecSides() {
    assertEquals(ParamTable.T224, ParamTable.forSide(224));
    assertEquals(ParamTable.T64, ParamTable.forSide(64));
    assertEquals(ParamTable.T32, ParamTable.forSide(32));
    assertEquals(ParamTable.T32, ParamTable.forSide(28));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParamTable.forSide(100));
    assertTrue(e.getMessage().contains("explicitly"), e.getMessage());
  }

  @Test
  void seedDependsOnEveryPart() {
    Corruption c = Corruption.GAUSSIAN_NOISE;
    Set<Long> seeds = new HashSet<>();
    seeds.add(c.seedFor(1, 0, Severity.S1));
    seeds.add(c.seedFor(2, 0, Severity.S1));
    seeds.add(c.seedFor(1, 1, Severity.S1));
    seeds.add(c.seedFor(1, 0, Severity.S2));
    seeds.add(Corruption.SHOT_NOISE.seedFor(1, 0, Severity.S1));
    assertEquals(5, seeds.size());
    assertEquals(c.seedFor(7, 3, Severity.S4), c.seedFor(7, 3, Severity.S4));
  }

  @ParameterizedTest
  @EnumSource(names = {"GAUSSIAN_NOISE", "SHOT_NOISE", "IMPULSE_NOISE", "SPECKLE_NOISE",
      "BRIGHTNESS", "CONTRAST", "PIXELATE", "JPEG_COMPRESSION", "SATURATE"})
  void sameSeedGivesIdenticalBytes(Corruption c) {
    for (Image x : List.of(SyntheticImages.colour(32, 1), SyntheticImages.grey(28, 2))) {
      Image a = c.apply(x, Severity.S3, 42L, 5);
      Image b = c.apply(x, Severity.S3, 42L, 5);
      assertArrayEquals(a.pixels(), b.pixels(), c.id());
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"GAUSSIAN_NOISE", "SHOT_NOISE", "IMPULSE_NOISE", "SPECKLE_NOISE"})
  void differentIndexGivesDifferentNoise(Corruption c) {
    Image x = SyntheticImages.colour(32, 1);
    Image a = c.apply(x, Severity.S3, 42L, 5);
    Image b = c.apply(x, Severity.S3, 42L, 6);
    assertFalse(java.util.Arrays.equals(a.pixels(), b.pixels()), c.id());
  }

  @ParameterizedTest
  @EnumSource(names = {"GAUSSIAN_NOISE", "SHOT_NOISE", "IMPULSE_NOISE", "SPECKLE_NOISE",
      "BRIGHTNESS", "CONTRAST", "PIXELATE", "JPEG_COMPRESSION", "SATURATE"})
  void greyStaysGreyAndShapeIsPreserved(Corruption c) {
    for (Severity s : Severity.values()) {
      for (Image x : List.of(SyntheticImages.grey(28, 3), SyntheticImages.colour(32, 3),
          SyntheticImages.colour(64, 4), SyntheticImages.colour(224, 5))) {
        Image y = c.apply(x, s, 9L, 0);
        assertEquals(x.height(), y.height(), c.id());
        assertEquals(x.width(), y.width(), c.id());
        assertEquals(x.channels(), y.channels(), c.id());
      }
    }
  }

  @Test
  void deterministicCorruptionsIgnoreTheSeed() {
    Image x = SyntheticImages.colour(32, 8);
    for (Corruption c : NOISE_AND_DIGITAL) {
      if (!RANDOM.contains(c)) {
        assertArrayEquals(
            c.apply(x, Severity.S4, 1L, 0).pixels(), c.apply(x, Severity.S4, 2L, 9).pixels(),
            c.id());
      }
    }
  }
}
