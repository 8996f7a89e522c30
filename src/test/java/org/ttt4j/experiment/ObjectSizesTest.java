package org.ttt4j.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ttt4j.data.Image;

class ObjectSizesTest {

  @Test
  void boundingBoxAndForegroundOfAHandDrawnObject() {
    byte[] px = new byte[10 * 12];
    // an L shape: column 2 rows 3..7, row 7 columns 2..9 -> 5 + 7 pixels; box rows 3..7 x cols 2..9
    for (int y = 3; y <= 7; y++) {
      px[y * 12 + 2] = (byte) 200;
    }
    for (int x = 3; x <= 9; x++) {
      px[7 * 12 + x] = (byte) 255;
    }
    px[0] = (byte) ObjectSizes.THRESHOLD;        // at the threshold: background
    ObjectSizes.Size s = ObjectSizes.of(new Image(10, 12, 1, px));
    assertEquals(12, s.foregroundPixels());
    assertEquals(5 * 8, s.boundingBoxArea());
  }

  @Test
  void anEmptyImageHasNoObject() {
    assertEquals(new ObjectSizes.Size(0, 0), ObjectSizes.of(Image.blank(8, 8, 3)));
  }
}
