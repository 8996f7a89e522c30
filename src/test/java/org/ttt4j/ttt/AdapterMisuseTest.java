package org.ttt4j.ttt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.ttt4j.data.Image;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.OptimizerConfig;

/** Misuse of an {@link Adapter} is refused with a message that says what to do. */
class AdapterMisuseTest {

  static Adapter adapter(YShapedVit model) {
    return new Adapter(model, new ParamGroup.Encoder(), OptimizerConfig.sgd(0.05, 0.9, 0), 0.75,
        0, 11);
  }

  @Test
  void closingTwiceDoesNothingTheSecondTime() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 3)) {
      Adapter a = adapter(model);
      a.close();
      a.close();                                 // threw "close the adapter ... before the model"
      try (Adapter b = adapter(model)) {          // the model is still usable
        assertEquals(1, b.predict(List.of(Image.blank(28, 28, 1))).length);
      }
    }
  }

  @Test
  void useAfterCloseSaysToMakeANewAdapter() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 3);
        NDManager data = m.newSubManager()) {
      NDArray views = data.randomNormal(new Shape(2, 1, 28, 28));
      Adapter a = adapter(model);
      a.close();
      List<Image> one = List.of(Image.blank(28, 28, 1));
      List<Executable> uses = List.of(
          () -> a.step(views),
          () -> a.stepOn(one, new SplittableRandom(1)),
          () -> a.guess(one),
          () -> a.guess(one.get(0)),
          () -> a.predict(one),
          () -> a.logits(views),
          a::reset,
          a::newScope,
          a::parameters,
          a::optimizer);
      for (Executable use : uses) {
        IllegalStateException e = assertThrows(IllegalStateException.class, use);
        assertTrue(e.getMessage().contains("this Adapter was closed")
            && e.getMessage().contains("new Adapter(model, config)"), e.getMessage());
      }
    }
  }

  @Test
  void stepOnAnEmptyListIsRefused() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 3);
        Adapter a = adapter(model)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> a.stepOn(List.of(), new SplittableRandom(1)));
      assertTrue(e.getMessage().startsWith("stepOn needs at least one source image"),
          e.getMessage());
    }
  }

  @Test
  void aPredictionPrintsAndComparesItsArraysByContent() {
    Prediction p = new Prediction(3, "fog", 5, 7, new int[] {1, 7}, new float[] {0.5f}, 0.25,
        new float[] {0.1f, 0.9f});
    Prediction same = new Prediction(3, "fog", 5, 7, new int[] {1, 7}, new float[] {0.5f}, 0.25,
        new float[] {0.1f, 0.9f});
    assertEquals("Prediction[position=3, corruption=fog, severity=5, label=7, predictions=[1, 7],"
        + " losses=[0.5], seconds=0.25, confidences=[0.1, 0.9], image=null]", p.toString());
    assertEquals(same, p);
    assertEquals(same.hashCode(), p.hashCode());
    assertNotEquals(p, p.withSeconds(1.0));
    assertNotEquals(p, new Prediction(3, "fog", 5, 7, new int[] {1, 7}, new float[] {0.5f}, 0.25,
        new float[] {0.1f, 0.9f}, 4));
    assertNotEquals(p, new Prediction(3, "fog", 5, 7, new int[] {1, 6}, new float[] {0.5f}, 0.25,
        new float[] {0.1f, 0.9f}));
  }
}
