package org.ttt4j.model;

import ai.djl.ndarray.NDArray;

/** y = x W^T + b, weight [out, in] as PyTorch's {@code nn.Linear}; xavier-uniform, zero bias. */
final class Linear {
  final NDArray weight;
  final NDArray bias;

  Linear(Weights w, String name, int in, int out) {
    weight = w.parameter(name + ".weight", Init.XAVIER_UNIFORM, in, out, out, in);
    bias = w.parameter(name + ".bias", Init.ZEROS, in, out, out);
  }

  /** x: [..., in] -> [..., out]. */
  NDArray forward(NDArray x) {
    return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
  }
}
