package org.ttt4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
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
            Quadratic.backward(param, c, m);
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
      int[] sizes = {5, 90_000, 300, 40_000};
      Quadratic q = Quadratic.twins(m, 11, sizes);
      List<List<NDArray>> sides = List.of(q.first(), q.second());
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
          q.backwardBoth(m, k -> true);
          fused.step();
          ops.step();
        }
        q.assertTwinsAgree(1e-6, "after 8 steps");
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

}
