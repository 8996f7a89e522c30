package org.ttt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.Image;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.tensor.Tensors;

/** {@link Accuracy#predict}: the class of each image; and an {@link Accuracy} as a value. */
class AccuracyPredictTest {

  static List<Image> images(int n) {
    Random rng = new Random(3);
    List<Image> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[784];
      rng.nextBytes(px);
      out.add(new Image(28, 28, 1, px));
    }
    return out;
  }

  @Test
  void predictIsTheArgmaxOfTheNormalisedLogitsAndFreesItsArrays() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 5)) {
      List<Image> images = images(6);
      int live = m.getManagedArrays().size();
      int[] predicted = Accuracy.predict(model, images);
      assertEquals(live, m.getManagedArrays().size(), "every array predict made is freed");
      try (NDManager scope = m.newSubManager()) {
        float[] logits = model.classify(Tensors.batch(scope, images,
            org.ttt4j.data.Normalize.of(new double[] {0.2860}, new double[] {0.3530})))
            .toFloatArray();
        int classes = MaeConfig.micro().numClasses();
        int[] expected = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
          for (int k = 1; k < classes; k++) {
            if (logits[i * classes + k] > logits[i * classes + expected[i]]) {
              expected[i] = k;
            }
          }
        }
        assertArrayEquals(expected, predicted);
      }
    }
  }

  @Test
  void aDenseHeadHasNoImageLevelPrediction() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro().withHead(HeadType.DENSE, 0), m,
            5)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> Accuracy.predict(model, images(1)));
      assertTrue(e.getMessage().contains("dense head"), e.getMessage());
    }
  }

  @Test
  void anAccuracyPrintsAndComparesItsArraysByContent() {
    Accuracy a = new Accuracy(2, 3, new int[] {1, 1}, new int[] {2, 1}, new int[] {0, 1, 1});
    Accuracy same = new Accuracy(2, 3, new int[] {1, 1}, new int[] {2, 1}, new int[] {0, 1, 1});
    assertEquals("Accuracy[correct=2, total=3, perClassCorrect=[1, 1], perClassTotal=[2, 1],"
        + " predictions=[0, 1, 1]]", a.toString());
    assertEquals(same, a);
    assertEquals(same.hashCode(), a.hashCode());
    assertNotEquals(a, new Accuracy(2, 3, new int[] {1, 1}, new int[] {2, 1},
        new int[] {0, 1, 0}));
    assertNotEquals(a, new Accuracy(1, 3, new int[] {1, 1}, new int[] {2, 1},
        new int[] {0, 1, 1}));
  }
}
