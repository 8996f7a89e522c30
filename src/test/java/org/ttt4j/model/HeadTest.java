package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Head#evalLogits gives the numbers of the head's eval-mode forward pass. */
class HeadTest {

  @ParameterizedTest
  @EnumSource(value = HeadType.class, names = {"LINEAR", "VIT_PROBE"})
  void evalLogitsEqualTheEvalForwardPass(HeadType type) {
    MaeConfig c = MaeConfig.preset("micro").withHead(type, 1);
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(c, m, 3)) {
      // running statistics and a head bias away from their initial 0 / 1 / 0, so that a
      // normalisation or bias left out would show
      Map<String, NDArray> all = model.weights().all();
      all.forEach((name, a) -> {
        if (name.endsWith("running_mean") || name.endsWith(".bias")) {
          a.set(m.randomNormal(a.getShape()).mul(0.5f).toFloatArray());
        } else if (name.endsWith("running_var")) {
          a.set(m.randomUniform(0.2f, 3f, a.getShape()).toFloatArray());
        }
      });
      NDArray latent = m.randomNormal(new Shape(3, 1 + c.numPatches(), c.embedDim()));
      float[] expected = model.classifyEncoded(latent).toFloatArray();
      float[][] got = model.logitsEncoded(latent);
      assertEquals(3, got.length);
      int k = got[0].length;
      assertEquals(c.numClasses(), k);
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < k; j++) {
          float e = expected[i * k + j];
          assertEquals(e, got[i][j], 1e-5 * Math.max(1, Math.abs(e)), "image " + i + " class " + j);
        }
      }
    }
  }
}
