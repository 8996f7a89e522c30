package org.ttt4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The practical fp32 matmul peak of this machine through libtorch: C = A B for square n x n
 * matrices (4096 by default, as the reference's {@code torch_gemm.py}), 2 n^3 FLOPs per product.
 * The ceiling a TTT step's achieved GFLOP/s is compared with.
 */
public final class MatmulPeak {

  /** Median seconds of one product and the GFLOP/s it implies. */
  public record Result(int n, Timer.Stats seconds, double gflopPerSecond) {}

  private MatmulPeak() {}

  public static Result run(int n, Timer timer) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(n, n));
      NDArray b = m.randomNormal(new Shape(n, n));
      Timer.Stats t = timer.time(() -> {
        try (NDManager step = m.newSubManager()) {
          NDArray av = a.reshape(a.getShape());
          av.attach(step);
          av.matMul(b);
        }
      });
      return new Result(n, t, 2.0 * n * n * n / t.median() / 1e9);
    }
  }
}
