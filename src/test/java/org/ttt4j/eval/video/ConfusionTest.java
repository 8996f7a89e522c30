package org.ttt4j.eval.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ttt4j.data.Image;

class ConfusionTest {

  private static Image map(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return new Image(1, v.length, 1, b);
  }

  @Test
  void iouByHand() {
    Confusion c = new Confusion(3);
    c.add(map(0, 0, 1, 1, 1, 0), map(0, 1, 1, 1, 0, 0));
    // class 0: tp 2, fp 1 (pixel 4), fn 1 (pixel 1) -> 2/4; class 1: tp 2, fp 1, fn 1 -> 2/4
    assertEquals(0.5, c.iou(0), 1e-12);
    assertEquals(0.5, c.iou(1), 1e-12);
    assertTrue(Double.isNaN(c.iou(2)));
    assertEquals(0.5, c.meanIou(), 1e-12);            // class 2 is absent: not averaged
    assertEquals(4.0 / 6, c.pixelAccuracy(), 1e-12);
  }

  @Test
  void predictedButAbsentClassLowersNoMean() {
    Confusion c = new Confusion(3);
    c.add(map(0, 0, 0, 1), map(0, 0, 2, 1));
    assertEquals(0.0, c.iou(2), 1e-12);
    assertEquals((2.0 / 3 + 1.0) / 2, c.meanIou(), 1e-12);
  }

  @Test
  void accumulatesOverFrames() {
    Confusion a = new Confusion(2);
    a.add(map(1, 1), map(1, 0));
    Confusion b = new Confusion(2);
    b.add(map(0, 0), map(0, 0));
    a.addAll(b);
    assertEquals(3.0 / 4, a.pixelAccuracy(), 1e-12);
    assertEquals(0.5, a.iou(1), 1e-12);
  }

  @Test
  void labelOutOfRangeIsNamed() {
    Confusion c = new Confusion(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.add(map(0, 5), map(0, 0)));
    assertTrue(e.getMessage().contains("label 5 at pixel 1"), e.getMessage());
  }

  @Test
  void voidPixelsOfValue255CountInNoScore() {
    Confusion c = new Confusion(2);
    c.add(map(0, 1, 255, 255), map(0, 1, 1, 0));    // KITTI-STEP / Cityscapes: 255 = no label
    assertEquals(1.0, c.pixelAccuracy(), 1e-12);
    assertEquals(1.0, c.meanIou(), 1e-12);
    assertEquals(1, c.truthCount(1));
  }
}
