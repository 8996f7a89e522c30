package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * What a library user gets for a wrong input or a closed model: an exception that names the value
 * and the fix, not a libtorch error from deep inside the network, nor "NDManager has been closed".
 */
class YShapedVitMisuseTest {

  @Test
  void aBatchOfTheWrongSizeIsRefusedWithTheSizeTheModelTakes() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 0)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.classify(m.zeros(new Shape(2, 1, 32, 32))));
      assertTrue(e.getMessage().contains("input images are 32x32"), e.getMessage());
      assertTrue(e.getMessage().contains("[N, 1, 28, 28] (28x28 grey images)"), e.getMessage());
      assertTrue(e.getMessage().contains("resize or crop them to 28x28"), e.getMessage());
      // 14x14 is a whole number of 7-pixel patches: the network would not notice by itself
      e = assertThrows(IllegalArgumentException.class,
          () -> model.maeLoss(m.zeros(new Shape(1, 1, 14, 14)),
              Masking.random(1, 16, 4, new java.util.Random(0))));
      assertTrue(e.getMessage().contains("input images are 14x14"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> model.classify(m.zeros(new Shape(1, 3, 28, 28))));
      assertTrue(e.getMessage().contains("3 channel(s)"), e.getMessage());
      assertTrue(e.getMessage().contains("convert them to grey"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> model.classify(m.zeros(new Shape(1, 28, 28))));
      assertTrue(e.getMessage().contains("stack one or more images as N, C, H, W"),
          e.getMessage());
      assertEquals(new Shape(2, 10), model.classify(m.zeros(new Shape(2, 1, 28, 28))).getShape());
    }
  }

  @Test
  void aClosedModelSaysSoAndHowToGetItBack() {
    NDManager m = NDManager.newBaseManager();
    YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 0);
    var input = m.zeros(new Shape(1, 1, 28, 28));
    model.close();
    assertFalse(model.isOpen());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> model.classify(input));
    assertTrue(e.getMessage().contains("YShapedVit (28x28, 10 classes) was closed"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Checkpoint.load"), e.getMessage());
    assertThrows(IllegalStateException.class, model::weights);
    model.close();                               // idempotent
    assertEquals(MaeConfig.micro(), model.config(), "the config stays readable");
    m.close();
  }

  @Test
  void aModelWhoseManagerWasClosedSaysWhichManager() {
    NDManager m = NDManager.newBaseManager();
    YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 0);
    assertTrue(model.isOpen());
    m.close();
    assertFalse(model.isOpen());
    IllegalStateException e = assertThrows(IllegalStateException.class, model::weights);
    assertTrue(e.getMessage().contains("the NDManager that holds this YShapedVit's weights was"
        + " closed"), e.getMessage());
    model.close();
  }

  @Test
  void aMaskRatioThatKeepsNoPatchIsRefusedWithTheLargestThatWorks() {
    MaeConfig c = MaeConfig.fmnistTiny();        // 49 patches
    assertEquals(1, c.numKept(0.979));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.numKept(0.99));
    assertTrue(e.getMessage().contains("mask ratio 0.99 keeps none of the 49 patches"),
        e.getMessage());
    assertTrue(e.getMessage().contains("at most 0.9796"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.numKept(1.0));
    assertThrows(IllegalArgumentException.class, () -> c.numKept(-0.1));
  }
}
