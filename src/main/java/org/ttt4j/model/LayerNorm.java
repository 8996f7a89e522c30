package org.ttt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** LayerNorm over the last axis, eps 1e-6 (MAE's {@code partial(nn.LayerNorm, eps=1e-6)}). */
final class LayerNorm {
  final NDArray weight;
  final NDArray bias;
  private final Shape shape;

  LayerNorm(Weights w, String name, int dim) {
    weight = w.parameter(name + ".weight", Init.ONES, dim, dim, dim);
    bias = w.parameter(name + ".bias", Init.ZEROS, dim, dim, dim);
    shape = new Shape(dim);
  }

  /** x: [..., D] -> [..., D]. */
  NDArray forward(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(x, shape, weight, bias, MaeConfig.LAYER_NORM_EPS)
        .singletonOrThrow();
  }
}
