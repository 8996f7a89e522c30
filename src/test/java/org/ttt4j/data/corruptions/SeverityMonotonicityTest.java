package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ttt4j.data.Image;

/**
 * Higher severity means a stronger corruption: the mean absolute difference to the clean image
 * does not shrink from one level to the next, on Fashion-MNIST (28 grey) and on synthetic colour
 * images at 32 and 64. Saturate is the exception by design (levels 1-2 desaturate, 3-5
 * oversaturate), so for it only levels 3..5 and 1..2 are each required to grow.
 */
class SeverityMonotonicityTest {
  private static final long ROOT_SEED = 11L;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Corruption c : CorruptionTest.NOISE_AND_DIGITAL) {
      cases.add(Arguments.of(c, "28 grey"));
      cases.add(Arguments.of(c, "32 colour"));
      cases.add(Arguments.of(c, "64 colour"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("cases")
  void madGrowsWithSeverity(Corruption corruption, String set) {
    List<Image> images = images(set);
    double[] mad = new double[5];
    for (Severity s : Severity.values()) {
      for (int i = 0; i < images.size(); i++) {
        Image y = corruption.apply(images.get(i), s, ROOT_SEED, i);
        mad[s.index()] += CorruptionStatistics.mad(images.get(i), y) / images.size();
      }
    }
    String shown = corruption.id() + " at " + set + ": mad by level " + Arrays.toString(
        Arrays.stream(mad).mapToObj(m -> String.format(Locale.ROOT, "%.3f", m)).toArray());
    if (corruption == Corruption.SATURATE) {
      assertTrue(mad[1] >= mad[0] && mad[3] >= mad[2] && mad[4] > mad[2], shown);
      return;
    }
    for (int k = 1; k < 5; k++) {
      assertTrue(mad[k] >= mad[k - 1], shown);
    }
    assertTrue(mad[4] > mad[0], shown);
  }

  private static List<Image> images(String set) {
    return switch (set) {
      case "28 grey" -> ReferenceFixtures.fashionMnistTest(40);
      case "32 colour" -> synthetic(32);
      case "64 colour" -> synthetic(64);
      default -> throw new IllegalArgumentException(set);
    };
  }

  private static List<Image> synthetic(int side) {
    List<Image> out = new ArrayList<>();
    for (int seed = 0; seed < 8; seed++) {
      out.add(SyntheticImages.colour(side, seed));
    }
    return out;
  }
}
