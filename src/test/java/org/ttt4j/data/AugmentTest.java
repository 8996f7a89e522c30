package org.ttt4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentTest {

  @Test
  void flipTwiceIsIdentity() {
    Image im = TestImages.random(5, 7, 3, 1);
    assertArrayEquals(im.pixels(), Augment.horizontalFlip(Augment.horizontalFlip(im)).pixels());
    Image row = new Image(1, 3, 1, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {3, 2, 1}, Augment.horizontalFlip(row).pixels());
  }

  @Test
  void resizeToSameSizeIsIdentity() {
    Image im = TestImages.random(6, 9, 3, 2);
    assertSame(im, Resize.resize(im, 6, 9, Resize.Interpolation.BICUBIC));
  }

  @Test
  void bilinearDownscaleByTwoUsesStretchedSupportLikePillow() {
    // Pillow: scale 2 -> support 2; output 0 centre 1.0 covers inputs 0..2 with triangle weights
    // (0.75, 0.75, 0.25)/1.75, so 0*3/7 + 100*3/7 + 200*1/7 = 71.43 -> 71 (not the 2-tap mean 50).
    Image row = new Image(1, 4, 1, new byte[] {0, 100, (byte) 200, (byte) 255});
    Image out = Resize.resize(row, 1, 2, Resize.Interpolation.BILINEAR);
    assertEquals(71, out.get(0, 0, 0));
    // output 1: centre 3.0, inputs 1..3, weights (0.25, 0.75, 0.75)/1.75 -> (25 + 150 + 191.25)/1.75
    assertEquals(209, out.get(0, 1, 0));
  }

  @Test
  void bicubicUpscaleOvershootsAndIsClampedOnAStep() {
    Image step = new Image(1, 4, 1, new byte[] {0, 0, (byte) 255, (byte) 255});
    Image out = Resize.resize(step, 1, 8, Resize.Interpolation.BICUBIC);
    assertEquals(0, out.get(0, 0, 0));
    assertEquals(255, out.get(0, 7, 0));
    // a = -0.5 rings: the sample just before the edge dips below 0 and is clipped
    assertEquals(0, out.get(0, 2, 0));
    assertTrue(out.get(0, 4, 0) > 128);
  }

  @Test
  void centerCropUsesRoundHalfToEven() {
    Image im = TestImages.ramp(5, 5, 1);
    // (5 - 2) / 2 = 1.5 -> round half to even = 2
    assertEquals(im.get(2, 2, 0), Augment.centerCrop(im, 2, 2).get(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Augment.centerCrop(im, 6, 2));
  }

  @Test
  void randomResizedCropIsDeterministicForASeed() {
    Image im = TestImages.random(28, 28, 1, 3);
    RandomResizedCrop rrc = RandomResizedCrop.mae(28);
    Image a = rrc.apply(im, new SplittableRandom(42));
    Image b = rrc.apply(im, new SplittableRandom(42));
    assertArrayEquals(a.pixels(), b.pixels());
    assertEquals(28, a.height());
  }

  @Test
  void randomResizedCropWindowsStayInsideBoundsAndScale() {
    RandomResizedCrop rrc = RandomResizedCrop.mae(224);
    SplittableRandom rng = new SplittableRandom(7);
    for (int t = 0; t < 2000; t++) {
      RandomResizedCrop.Box b = rrc.sample(32, 48, rng);
      assertTrue(b.top() >= 0 && b.left() >= 0, b.toString());
      assertTrue(b.top() + b.height() <= 32 && b.left() + b.width() <= 48, b.toString());
      double area = (double) b.height() * b.width() / (32 * 48);
      assertTrue(area > 0.15 && area <= 1.0, b + " area " + area);
    }
  }

  @Test
  void randomResizedCropFallsBackToRatioClampedCentreCrop() {
    // scale fixed at 1 on a 10x100 strip: every try is too tall, so the fallback is h=10, w=round(10*4/3)
    RandomResizedCrop rrc = new RandomResizedCrop(4, 4, 1.0, 1.0, 3.0 / 4, 4.0 / 3, Resize.Interpolation.BICUBIC);
    RandomResizedCrop.Box b = rrc.sample(10, 100, new SplittableRandom(1));
    assertEquals(new RandomResizedCrop.Box(0, 43, 10, 13), b);
  }

  @Test
  void normalizeMatchesHandComputation() {
    Image im = new Image(1, 2, 3, new byte[] {0, (byte) 255, 51, (byte) 255, 0, 102});
    Normalize n = new Normalize(new float[] {0.5f, 0.5f, 0.2f}, new float[] {0.5f, 0.25f, 0.1f});
    float[] chw = Augment.toFloatCHW(im, n);
    // channel 0: (0 - .5)/.5 = -1, (1 - .5)/.5 = 1; channel 1: (1 - .5)/.25 = 2, (0 - .5)/.25 = -2
    // channel 2: (0.2 - 0.2)/0.1 = 0, (0.4 - 0.2)/0.1 = 2
    assertArrayEquals(new float[] {-1, 1, 2, -2, 0, 2}, chw, 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> Normalize.imagenet().toFloatCHW(TestImages.random(2, 2, 1, 1)));
  }
}
