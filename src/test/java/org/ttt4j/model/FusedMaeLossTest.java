package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttt4j.tensor.HostArrays;

/**
 * The fused native MAE loss computes what the libtorch model and its autograd compute: the same
 * loss, the same gradients for every parameter group (and none for parameters outside it), the
 * same unmasked encoder output. (GoldenEquivalenceTest checks it against PyTorch as well.)
 */
class FusedMaeLossTest {

  private static final double TOL = 1e-4;      // float rounding: 2.6e-5 at worst when written

  @ParameterizedTest
  @CsvSource({"micro,1,encoder", "micro,3,encoder+decoder", "micro,2,all",
      "fmnist-tiny,3,encoder", "fmnist-tiny,1,norms", "fmnist-tiny,2,last2", "fmnist-tiny,2,first2",
      "fmnist-tiny,4,encoder+decoder"})
  void lossAndGradientsEqualAutograd(String preset, int batch, String groupId) {
    assumeTrue(FusedMaeLoss.available(), "fused MAE loss not available here");
    MaeConfig c = MaeConfig.preset(preset);
    ParamGroup group = ParamGroup.parse(groupId, c.depth());
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(c, m, 7)) {
      Weights w = model.weights();
      w.setTrainable(group);
      NDArray imgs = images(m, c, batch, 11);
      Masking masking = Masking.random(batch, c.numPatches(), c.numKept(), new SplittableRandom(5));
      float expectedLoss;
      try (NDManager step = m.newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = model.maeLoss(org.ttt4j.tensor.Tensors.viewIn(imgs, step), masking).loss();
        expectedLoss = loss.getFloat();
        gc.backward(loss);
      }
      Map<String, float[]> expected = new LinkedHashMap<>();
      w.parameters().forEach((k, p) -> {
        if (p.hasGradient()) {
          NDArray g = p.getGradient();
          expected.put(k, g.toFloatArray());
          g.subi(g);                                  // back to zero, in place
        }
      });
      assertEquals(w.names(group).size(), expected.size(), "autograd saw the group");

      float loss = FusedMaeLoss.forModel(model).lossAndGradients(imgs, masking);
      assertEquals(expectedLoss, loss, 1e-5 * Math.abs(expectedLoss), "loss");
      int checked = 0;
      for (Map.Entry<String, float[]> e : expected.entrySet()) {
        float[] actual = w.parameters().get(e.getKey()).getGradient().toFloatArray();
        assertClose("grad " + e.getKey() + " (" + preset + ", B=" + batch + ", " + groupId + ")",
            e.getValue(), actual);
        checked++;
      }
      assertTrue(checked > 0);
      for (String k : w.parameters().keySet()) {
        if (!group.contains(k)) {
          assertFalse(w.parameters().get(k).hasGradient(), k + " is outside the group");
        }
      }
    }
  }

  /**
   * 1–4 images: on two threads, fmnist-tiny's 50 token rows per image leave each thread 25, 50,
   * 75 or 100 rows, so the encoder's products meet every tail of their 4-row tiles.
   */
  @ParameterizedTest
  @CsvSource({"micro,1", "micro,3", "fmnist-tiny,1", "fmnist-tiny,2", "fmnist-tiny,3",
      "fmnist-tiny,4"})
  void encoderOutputEqualsLibtorch(String preset, int batch) {
    assumeTrue(FusedMaeLoss.available(), "fused MAE loss not available here");
    MaeConfig c = MaeConfig.preset(preset);
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(c, m, 3)) {
      NDArray imgs = images(m, c, batch, 2);
      NDArray expected = model.mae().encode(imgs, null);
      NDArray actual = FusedMaeLoss.forModel(model).encode(imgs);
      assertEquals(expected.getShape(), actual.getShape());
      assertClose("latent", expected.toFloatArray(), actual.toFloatArray());
      assertClose("logits", model.classify(imgs).toFloatArray(),
          model.classifyEncoded(actual).toFloatArray());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void repeatedCallsAccumulateAsAutogradDoes(int batch) {
    assumeTrue(FusedMaeLoss.available(), "fused MAE loss not available here");
    MaeConfig c = MaeConfig.preset("micro");
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(c, m, 1)) {
      model.weights().setTrainable(new ParamGroup.Encoder());
      NDArray imgs = images(m, c, batch, 4);
      Masking masking = Masking.random(batch, c.numPatches(), c.numKept(), new SplittableRandom(9));
      FusedMaeLoss fused = FusedMaeLoss.forModel(model);
      NDArray p = model.weights().parameters().get("blocks.0.attn.qkv.weight");
      fused.lossAndGradients(imgs, masking);
      float[] once = p.getGradient().toFloatArray();
      fused.lossAndGradients(imgs, masking);
      float[] twice = p.getGradient().toFloatArray();
      for (int i = 0; i < once.length; i++) {
        once[i] *= 2;
      }
      assertClose("two calls add up", once, twice);
    }
  }

  @org.junit.jupiter.api.Test
  void refusesArraysItCannotReadInPlace() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray strided = m.arange(24f).reshape(2, 3, 4).transpose(0, 2, 1);
      assertFalse(FusedMaeLoss.accepts(strided), "a transposed view is not contiguous");
      assertFalse(FusedMaeLoss.accepts(m.zeros(new Shape(2, 1, 28, 28),
          ai.djl.ndarray.types.DataType.FLOAT64)), "float64");
      assertTrue(FusedMaeLoss.accepts(m.zeros(new Shape(2, 1, 28, 28))));
    }
  }

  /**
   * The kernels read N x C x H x W floats of the config's size from the array's address: an image
   * of another size must be refused before, or they read past its end (a different class on every
   * call for small images, a confident wrong one for large).
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 14, 27, 32, 100})
  void imagesOfAnotherSizeAreRefusedBeforeTheKernelReadsThem(int side) {
    assumeTrue(FusedMaeLoss.available(), "fused MAE loss not available here");
    MaeConfig c = MaeConfig.preset("fmnist-tiny");
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(c, m, 7)) {
      model.weights().setTrainable(ParamGroup.parse("encoder", c.depth()));
      FusedMaeLoss fused = FusedMaeLoss.forModel(model);
      NDArray wrong = m.zeros(new Shape(2, 1, side, side));
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> fused.encode(wrong));
      assertTrue(e.getMessage().contains(side + "x" + side), e.getMessage());
      Masking masking = Masking.random(2, c.numPatches(), c.numKept(), new SplittableRandom(5));
      e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> fused.lossAndGradients(wrong, masking));
      assertTrue(e.getMessage().contains("28x28"), e.getMessage());
    }
  }

  private static NDArray images(NDManager m, MaeConfig c, int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n * c.channels() * c.imageSize() * c.imageSize()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return HostArrays.of(m, v, new Shape(n, c.channels(), c.imageSize(), c.imageSize()));
  }

  /** Every element within TOL of the expected one, relative to max(1e-2 of the largest, |e|). */
  private static void assertClose(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + " size");
    double scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(actual[i] - expected[i])
          / Math.max(1e-2 * scale + 1e-12, Math.abs(expected[i]));
      assertTrue(err <= TOL, what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]
          + " (relative error " + err + ")");
    }
  }

}
