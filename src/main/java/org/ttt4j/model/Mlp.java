package org.ttt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** fc1 -> exact GELU -> fc2, hidden width = mlpRatio x dim. */
final class Mlp {
  private final Linear fc1;
  private final Linear fc2;

  Mlp(Weights w, String name, int dim, int hidden) {
    fc1 = new Linear(w, name + ".fc1", dim, hidden);
    fc2 = new Linear(w, name + ".fc2", hidden, dim);
  }

  /** x: [..., D] -> [..., D]. */
  NDArray forward(NDArray x) {
    return fc2.forward(Activation.gelu(fc1.forward(x)));
  }
}
