package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskedAutoencoderTest {

  @Test
  void unpatchifyInvertsPatchifyExactly() {
    MaeConfig c = MaeConfig.micro().withMaskRatio(0.5);
    MaeConfig rgb = new MaeConfig(16, 4, 3, 32, 1, 2, 16, 1, 2, 4, 0.75, true, 10,
        HeadType.LINEAR, 1, new double[] {0, 0, 0}, new double[] {1, 1, 1});
    for (MaeConfig cfg : new MaeConfig[] {c, rgb}) {
      try (NDManager m = NDManager.newBaseManager();
          YShapedVit model = YShapedVit.create(cfg, m, 1)) {
        NDArray imgs = m.randomNormal(new Shape(3, cfg.channels(), cfg.imageSize(),
            cfg.imageSize()));
        NDArray patches = model.mae().patchify(imgs);
        assertEquals(new Shape(3, cfg.numPatches(), cfg.patchDim()), patches.getShape());
        assertArrayEquals(imgs.toFloatArray(), model.mae().unpatchify(patches).toFloatArray());
      }
    }
  }

  @Test
  void patchifyPutsPixelsOfOnePatchTogether() {
    MaeConfig c = MaeConfig.micro();   // 28x28, patch 7
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(c, m, 1)) {
      float[] px = new float[28 * 28];
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          px[y * 28 + x] = (y / 7) * 4 + (x / 7);   // value = patch index
        }
      }
      float[] p = model.mae().patchify(m.create(px, new Shape(1, 1, 28, 28))).toFloatArray();
      for (int l = 0; l < 16; l++) {
        for (int j = 0; j < 49; j++) {
          assertEquals(l, p[l * 49 + j], "patch " + l + " holds only its own pixels");
        }
      }
    }
  }

  @Test
  void changingVisiblePatchesOfTheTargetDoesNotChangeTheLoss() {
    MaeConfig c = MaeConfig.micro();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(c, m, 2)) {
      NDArray imgs = m.randomNormal(new Shape(2, 1, 28, 28));
      Masking masking = Masking.random(2, c.numPatches(), c.numKept(), new Random(7));
      MaskedAutoencoder.Output out = model.maeLoss(imgs, masking);
      float before = out.loss().getFloat();

      float[] px = imgs.toFloatArray();
      float[] changed = px.clone();
      float[] masked = px.clone();
      for (int i = 0; i < 2; i++) {
        for (int l = 0; l < 16; l++) {
          boolean visible = masking.mask()[i][l] == 0f;
          for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 7; x++) {
              int at = i * 784 + ((l / 4) * 7 + y) * 28 + (l % 4) * 7 + x;
              if (visible) {
                changed[at] += 5f * (y - x);
              } else {
                masked[at] += 5f * (y - x);
              }
            }
          }
        }
      }
      float visibleChanged = model.mae().loss(m.create(changed, imgs.getShape()), out.pred(),
          out.mask()).getFloat();
      float maskedChanged = model.mae().loss(m.create(masked, imgs.getShape()), out.pred(),
          out.mask()).getFloat();
      assertEquals(before, visibleChanged, 0f, "visible patches do not count");
      assertNotEquals(before, maskedChanged, "removed patches do count");
    }
  }
}
