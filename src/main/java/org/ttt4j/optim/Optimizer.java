package org.ttt4j.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * A first-order optimizer over a fixed list of parameters, with PyTorch's semantics. Gradients come
 * from the parameters themselves (after a backward pass); {@link #step} consumes and zeroes them.
 */
public sealed interface Optimizer extends AutoCloseable permits Sgd, AdamW {

  /** Applies one update from the current gradients, then zeroes them. */
  void step();

  /** Forgets all state (momentum, moments, step count): as a freshly made optimizer. */
  void reset();

  /**
   * Changes the learning rate for the following steps (schedules).
   *
   * @throws IllegalArgumentException for a rate the optimizer cannot take (negative, not finite;
   *     for SGD also 0)
   */
  void setLearningRate(double lr);

  double learningRate();

  /** The parameters this optimizer updates. */
  List<NDArray> parameters();

  /**
   * The state arrays by name (e.g. {@code m.3}, {@code v.3} for parameter 3), live views: saving
   * them and copying them back later continues training exactly.
   */
  java.util.Map<String, NDArray> state();

  /** Steps taken since construction or the last reset (0 for stateless counters). */
  int stepCount();

  /** Restores the step counter saved with {@link #state()}. */
  void setStepCount(int steps);

  @Override
  void close();

  /**
   * Global L2 norm of the current gradients (PyTorch's clip_grad_norm_ total norm); 0 when no
   * parameter has a gradient. Costs one host sync.
   */
  static double gradNorm(List<NDArray> params) {
    double sum = 0;
    for (NDArray p : params) {
      try (PtNDArray g = JniUtils.getGradient((PtNDArray) p)) {
        if (g != null) {
          try (NDArray sq = g.square(); NDArray total = sq.sum()) {
            sum += total.getFloat();
          }
        }
      }
    }
    return Math.sqrt(sum);
  }

  /** Scales all gradients so that their global norm is at most {@code maxNorm}; returns the norm. */
  static double clipGradNorm(List<NDArray> params, double maxNorm) {
    double norm = gradNorm(params);
    if (norm > maxNorm) {
      float scale = (float) (maxNorm / (norm + 1e-6));
      for (NDArray p : params) {
        try (PtNDArray g = JniUtils.getGradient((PtNDArray) p)) {
          if (g != null) {
            g.muli(scale);
          }
        }
      }
    }
    return norm;
  }
}
