package org.ttt4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttt4j.tensor.HostArrays;

/** SGD against torch.optim.SGD's update, written out by hand in double precision. */
class SgdTest {

  @Test
  void momentumWeightDecayAndALearningRateChangeFollowTorch() {
    float[] start = {0.5f, -1.25f, 2f, 0.1f};
    float[] coef = {1f, -2f, 0.5f, 3f};          // loss = sum(coef * p^2) / 2, grad = coef * p
    double momentum = 0.9;
    double wd = 0.01;
    double[] lrs = {0.1, 0.1, 0.05, 0.05};
    double[] p = new double[4];
    double[] buf = new double[4];
    for (int i = 0; i < 4; i++) {
      p[i] = start[i];
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray param = HostArrays.of(m, start, new Shape(4));
      NDArray c = HostArrays.of(m, coef, new Shape(4));
      param.setRequiresGradient(true);
      try (Sgd sgd = new Sgd(List.of(param), lrs[0], momentum, wd, m)) {
        for (int step = 0; step < lrs.length; step++) {
          sgd.setLearningRate(lrs[step]);
          try (NDManager scope = m.newSubManager();
              GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = param.reshape(param.getShape());
            x.attach(scope);
            gc.backward(x.mul(x).mul(c).sum().div(2));
          }
          sgd.step();
          for (int i = 0; i < 4; i++) {       // torch: d = g + wd p; buf = m buf + d; p -= lr buf
            double d = coef[i] * p[i] + wd * p[i];
            buf[i] = step == 0 ? d : momentum * buf[i] + d;
            p[i] -= lrs[step] * buf[i];
          }
          float[] got = param.toFloatArray();
          for (int i = 0; i < 4; i++) {
            assertEquals(p[i], got[i], 1e-5, "step " + step + " element " + i);
          }
        }
        assertEquals(4, sgd.stepCount());
        sgd.reset();
        assertArrayEquals(new float[4], sgd.state().values().iterator().next().toFloatArray(),
            "reset clears the momentum");
      }
    }
  }
}
