package org.ttt4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
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
          Quadratic.backward(param, c, m);
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
      int[] sizes = {3, 70_000, 1, 513, 40_000};   // big enough to split across threads
      Quadratic q = Quadratic.twins(m, 3, sizes);
      List<List<NDArray>> sides = List.of(q.first(), q.second());
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
          int now = step;
          q.backwardBoth(m, k -> k != 2 || now < 2);   // parameter 2: no gradient after step 1
          fused.step();
          ops.step();
          q.assertTwinsAgree(0, "step " + step);
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

}
