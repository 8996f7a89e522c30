package org.ttt4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ttt4j.tensor.HostArrays;
import org.ttt4j.tensor.NativeKernels;

/**
 * AdamW's fused native loop against torch.optim.AdamW written out by hand in double precision,
 * and against DJL's libtorch update (the golden test checks one step against PyTorch itself).
 */
class AdamWTest {

  private static final double LR = 1e-2;
  private static final double B1 = 0.9;
  private static final double B2 = 0.95;
  private static final double EPS = 1e-8;
  private static final double WD = 0.05;

  @Test
  void followsTorchAcrossStepsAResetAndParametersWithoutDecay() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] start = {0.5f, -1.25f, 2f, 0.1f};
      float[] coef = {1f, -2f, 0.5f, 3f};          // grad = coef * p
      List<NDArray> params = new ArrayList<>();
      for (int k = 0; k < 2; k++) {
        NDArray p = HostArrays.of(m, start, new Shape(4));
        p.setRequiresGradient(true);
        params.add(p);
      }
      NDArray c = HostArrays.of(m, coef, new Shape(4));
      double[][] p = new double[2][4];
      double[][] m1 = new double[2][4];
      double[][] m2 = new double[2][4];
      for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 4; i++) {
          p[k][i] = start[i];
        }
      }
      boolean[] decays = {true, false};
      try (AdamW adamw = new AdamW(params, List.of(true, false), LR, B1, B2, EPS, WD, m)) {
        int t = 0;
        for (int step = 0; step < 6; step++) {
          if (step == 3) {
            adamw.reset();                     // torch: a new optimizer
            t = 0;
            for (double[] row : m1) {
              java.util.Arrays.fill(row, 0);
            }
            for (double[] row : m2) {
              java.util.Arrays.fill(row, 0);
            }
          }
          t++;
          for (NDArray param : params) {
            backward(param, c, m);
          }
          adamw.step();
          for (int k = 0; k < 2; k++) {
            float[] got = params.get(k).toFloatArray();
            for (int i = 0; i < 4; i++) {
              double g = coef[i] * p[k][i];
              if (decays[k]) {
                p[k][i] *= 1 - LR * WD;
              }
              m1[k][i] = B1 * m1[k][i] + (1 - B1) * g;
              m2[k][i] = B2 * m2[k][i] + (1 - B2) * g * g;
              double denom = Math.sqrt(m2[k][i]) / Math.sqrt(1 - Math.pow(B2, t)) + EPS;
              p[k][i] -= LR / (1 - Math.pow(B1, t)) * m1[k][i] / denom;
              assertEquals(p[k][i], got[i], 1e-5, "step " + step + " param " + k + " el " + i);
            }
          }
        }
        adamw.reset();
        assertArrayEquals(new float[4], adamw.state().get("m.0").toFloatArray(),
            "after a reset the saved moments are zero");
      }
    }
  }

  @Test
  void theFusedLoopAgreesWithLibtorchsUpdate() {
    try (NDManager m = NDManager.newBaseManager()) {
      Random rng = new Random(11);
      int[] sizes = {5, 90_000, 300, 40_000};
      List<List<NDArray>> sides = List.of(new ArrayList<>(), new ArrayList<>());
      List<NDArray> coefs = new ArrayList<>();
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
      List<Boolean> decay = List.of(true, true, false, true);
      try (AdamW fused = new AdamW(sides.get(0), decay, 3e-3, B1, B2, EPS, WD, m);
          AdamW ops = new AdamW(sides.get(1), decay, 3e-3, B1, B2, EPS, WD, m)
              .useLibtorchUpdate()) {
        Assumptions.assumeTrue(NativeKernels.available(), "no fused loop here");
        for (int step = 0; step < 8; step++) {
          if (step == 5) {
            fused.reset();
            ops.reset();
          }
          for (int s = 0; s < 2; s++) {
            for (int k = 0; k < sizes.length; k++) {
              backward(sides.get(s).get(k), coefs.get(k), m);
            }
          }
          fused.step();
          ops.step();
        }
        for (int k = 0; k < sizes.length; k++) {
          float[] a = sides.get(0).get(k).toFloatArray();
          float[] b = sides.get(1).get(k).toFloatArray();
          for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-6 * Math.max(1, Math.abs(b[i])), "param " + k + " " + i);
          }
        }
      }
    }
  }

  @Test
  void aStepOnAClosedParameterIsAnError() {
    Assumptions.assumeTrue(NativeKernels.available(), "no fused loop here");
    try (NDManager m = NDManager.newBaseManager()) {
      NDManager owner = m.newSubManager();
      NDArray param = owner.ones(new Shape(8));
      param.setRequiresGradient(true);
      try (AdamW adamw = new AdamW(List.of(param), List.of(true), LR, B1, B2, EPS, WD, m)) {
        owner.close();
        assertThrows(IllegalStateException.class, adamw::step);
      }
    }
  }

  private static void backward(NDArray param, NDArray c, NDManager m) {
    try (NDManager scope = m.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray x = param.reshape(param.getShape());
      x.attach(scope);
      gc.backward(x.mul(x).mul(c).sum().div(2));
    }
  }
}
