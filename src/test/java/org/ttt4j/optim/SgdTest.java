package org.ttt4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.ttt4j.tensor.HostArrays;
import org.ttt4j.tensor.NativeKernels;

/**
 * SGD against torch.optim.SGD's update, written out by hand in double precision, on both update
 * paths (the fused native loop and libtorch ops); and the two paths against each other, bitwise.
 */
class SgdTest {

  @ParameterizedTest(name = "fused = {0}")
  @ValueSource(booleans = {true, false})
  void momentumWeightDecayAndALearningRateChangeFollowTorch(boolean fused) {
    float[] start = {0.5f, -1.25f, 2f, 0.1f};
    float[] coef = {1f, -2f, 0.5f, 3f};          // loss = sum(coef * p^2) / 2, grad = coef * p
    double momentum = 0.9;
    double wd = 0.01;
    double[] lrs = {0.1, 0.1, 0.05, 0.05, 0.05, 0.05};
    int resetAfter = 3;                          // torch: a new optimizer, buffers start again
    double[] p = new double[4];
    double[] buf = new double[4];
    for (int i = 0; i < 4; i++) {
      p[i] = start[i];
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray param = HostArrays.of(m, start, new Shape(4));
      NDArray c = HostArrays.of(m, coef, new Shape(4));
      param.setRequiresGradient(true);
      try (Sgd sgd = new Sgd(List.of(param), lrs[0], momentum, wd, m, fused)) {
        assertEquals(fused && NativeKernels.available(), sgd.fused());
        for (int step = 0; step < lrs.length; step++) {
          if (step == resetAfter) {
            sgd.reset();
          }
          sgd.setLearningRate(lrs[step]);
          backward(param, c, m);
          sgd.step();
          for (int i = 0; i < 4; i++) {       // torch: d = g + wd p; buf = m buf + d; p -= lr buf
            double d = coef[i] * p[i] + wd * p[i];
            buf[i] = step == 0 || step == resetAfter ? d : momentum * buf[i] + d;
            p[i] -= lrs[step] * buf[i];
          }
          float[] got = param.toFloatArray();
          for (int i = 0; i < 4; i++) {
            assertEquals(p[i], got[i], 1e-5, "step " + step + " element " + i);
          }
        }
        assertEquals(lrs.length - resetAfter, sgd.stepCount());
        sgd.reset();
        assertArrayEquals(new float[4], sgd.state().values().iterator().next().toFloatArray(),
            "after a reset the saved momentum is zero");
      }
    }
  }

  @Test
  void theFusedLoopGivesTheBitsOfTheLibtorchOps() {
    try (NDManager m = NDManager.newBaseManager()) {
      Random rng = new Random(3);
      List<List<NDArray>> sides = new ArrayList<>();
      List<NDArray> coefs = new ArrayList<>();
      int[] sizes = {3, 70_000, 1, 513, 40_000};   // big enough to split across threads
      for (int s = 0; s < 2; s++) {
        sides.add(new ArrayList<>());
      }
      for (int size : sizes) {
        float[] v = new float[size];
        float[] c = new float[size];
        for (int i = 0; i < size; i++) {
          v[i] = (float) rng.nextGaussian();
          c[i] = (float) rng.nextGaussian();
        }
        for (List<NDArray> side : sides) {
          NDArray p = HostArrays.of(m, v, new Shape(size));
          p.setRequiresGradient(true);
          side.add(p);
        }
        coefs.add(HostArrays.of(m, c, new Shape(size)));
      }
      try (Sgd fused = new Sgd(sides.get(0), 0.03, 0.9, 1e-3, m, true);
          Sgd ops = new Sgd(sides.get(1), 0.03, 0.9, 1e-3, m, false)) {
        org.junit.jupiter.api.Assumptions.assumeTrue(fused.fused(), "no fused loop here");
        for (int step = 0; step < 7; step++) {
          if (step == 4) {
            fused.reset();
            ops.reset();
            fused.setLearningRate(0.01);
            ops.setLearningRate(0.01);
          }
          for (int s = 0; s < 2; s++) {
            for (int k = 0; k < sizes.length; k++) {
              if (k != 2 || step < 2) {           // parameter 2 gets no gradient after step 1
                backward(sides.get(s).get(k), coefs.get(k), m);
              }
            }
          }
          fused.step();
          ops.step();
          for (int k = 0; k < sizes.length; k++) {
            float[] a = sides.get(0).get(k).toFloatArray();
            float[] b = sides.get(1).get(k).toFloatArray();
            for (int i = 0; i < a.length; i++) {
              assertEquals(Float.floatToRawIntBits(b[i]), Float.floatToRawIntBits(a[i]),
                  "step " + step + " parameter " + k + " element " + i);
            }
          }
        }
      }
    }
  }

  @Test
  void aStepOnAClosedParameterIsAnErrorNotAWriteToFreedMemory() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDManager owner = m.newSubManager();
      NDArray param = owner.ones(new Shape(8));
      param.setRequiresGradient(true);
      try (Sgd sgd = new Sgd(List.of(param), 0.1, 0.9, 0, m)) {
        owner.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, sgd::step);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
      }
    }
  }

  /** Accumulates the gradient of sum(c * p^2) / 2 into p (grad = c * p). */
  private static void backward(NDArray param, NDArray c, NDManager m) {
    try (NDManager scope = m.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray x = param.reshape(param.getShape());
      x.attach(scope);
      gc.backward(x.mul(x).mul(c).sum().div(2));
    }
  }
}
