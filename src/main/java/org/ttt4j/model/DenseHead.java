package org.ttt4j.model;

import ai.djl.ndarray.NDArray;

/**
 * The dense (semantic segmentation) head of the Y-shaped model of seed 001: every patch token of
 * the unmasked encoder goes through LayerNorm and a Linear to p*p*K logits, the class logits of the
 * p x p pixels of its patch ("per patch, then up to pixels", as MAE's decoder predicts pixels).
 * latent [N, 1 + L, D] → logits [N, K, H, W].
 */
final class DenseHead implements Head {
  private final LayerNorm norm;
  private final Linear fc;
  private final int patch;
  private final int grid;
  private final int classes;

  DenseHead(Weights w, MaeConfig c) {
    patch = c.patchSize();
    grid = c.gridSize();
    classes = c.numClasses();
    norm = new LayerNorm(w, "head.norm", c.embedDim());
    fc = new Linear(w, "head.fc", c.embedDim(), patch * patch * classes);
  }

  @Override
  public NDArray forward(NDArray latent, boolean train) {
    long n = latent.getShape().get(0);
    NDArray x = fc.forward(norm.forward(latent.get(":, 1:, :")));   // [N, L, p*p*K]
    return x.reshape(n, grid, grid, patch, patch, classes)           // [N, h, w, p, q, K]
        .transpose(0, 5, 1, 3, 2, 4)                                   // [N, K, h, p, w, q]
        .reshape(n, classes, (long) grid * patch, (long) grid * patch);
  }
}
