package org.ttt4j.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ttt4j.tensor.HostArrays;

/**
 * The optimizer tests' problem: loss = sum(c * p^2) / 2 per parameter, so grad = c * p; with two
 * identical copies of random parameters ("twins") to run two update paths side by side.
 *
 * @param first one copy of the parameters
 * @param second the other copy, equal to {@code first} element by element
 * @param coefs the coefficients c, one array per parameter
 */
record Quadratic(List<NDArray> first, List<NDArray> second, List<NDArray> coefs) {

  /** Random parameters (and coefficients) of the given sizes, twice. */
  static Quadratic twins(NDManager m, long seed, int... sizes) {
    Random rng = new Random(seed);
    Quadratic q = new Quadratic(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int size : sizes) {
      float[] v = new float[size];
      float[] c = new float[size];
      for (int i = 0; i < size; i++) {
        v[i] = (float) rng.nextGaussian();
        c[i] = (float) rng.nextGaussian();
      }
      for (List<NDArray> side : List.of(q.first, q.second)) {
        NDArray p = HostArrays.of(m, v, new Shape(size));
        p.setRequiresGradient(true);
        side.add(p);
      }
      q.coefs.add(HostArrays.of(m, c, new Shape(size)));
    }
    return q;
  }

  /** Gradients into both copies of the parameters whose index {@code which} accepts. */
  void backwardBoth(NDManager m, java.util.function.IntPredicate which) {
    for (List<NDArray> side : List.of(first, second)) {
      for (int k = 0; k < side.size(); k++) {
        if (which.test(k)) {
          backward(side.get(k), coefs.get(k), m);
        }
      }
    }
  }

  /**
   * Asserts that the two copies agree: bit for bit when {@code relTol} is 0, else within
   * {@code relTol} relative to max(1, |second|).
   */
  void assertTwinsAgree(double relTol, String when) {
    for (int k = 0; k < first.size(); k++) {
      float[] a = first.get(k).toFloatArray();
      float[] b = second.get(k).toFloatArray();
      for (int i = 0; i < a.length; i++) {
        String where = when + ", parameter " + k + ", element " + i;
        if (relTol == 0) {
          org.junit.jupiter.api.Assertions.assertEquals(Float.floatToRawIntBits(b[i]),
              Float.floatToRawIntBits(a[i]), where);
        } else {
          org.junit.jupiter.api.Assertions.assertEquals(b[i], a[i],
              relTol * Math.max(1, Math.abs(b[i])), where);
        }
      }
    }
  }

  /** Accumulates the gradient of sum(c * p^2) / 2 into p (grad = c * p). */
  static void backward(NDArray param, NDArray c, NDManager m) {
    try (NDManager scope = m.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray x = param.reshape(param.getShape());
      x.attach(scope);
      gc.backward(x.mul(x).mul(c).sum().div(2));
    }
  }
}
