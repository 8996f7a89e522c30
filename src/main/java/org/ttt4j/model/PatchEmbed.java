package org.ttt4j.model;

import ai.djl.ndarray.NDArray;

/**
 * Cuts the image into p x p patches and projects each to the encoder width: MAE's
 * {@code Conv2d(C, D, kernel=p, stride=p)}, computed as one matmul over the flattened patches
 * (same weights, same result). Weight [D, C, p, p] as the reference stores it.
 */
final class PatchEmbed {
  final NDArray weight;
  final NDArray bias;
  private final int patch;
  private final int channels;
  private final int dim;

  PatchEmbed(Weights w, int channels, int patch, int dim) {
    int fanIn = channels * patch * patch;
    weight = w.parameter("patch_embed.proj.weight", Init.XAVIER_UNIFORM, fanIn, dim,
        dim, channels, patch, patch);
    bias = w.parameter("patch_embed.proj.bias", Init.UNIFORM_FAN_IN, fanIn, dim, dim);
    this.patch = patch;
    this.channels = channels;
    this.dim = dim;
  }

  /** imgs: [N, C, H, W] -> [N, L, D], patches in row-major order. */
  NDArray forward(NDArray imgs) {
    long n = imgs.getShape().get(0);
    long g = imgs.getShape().get(2) / patch;
    NDArray patches = imgs.reshape(n, channels, g, patch, g, patch)
        .transpose(0, 2, 4, 1, 3, 5)                      // [N, h, w, C, p, q]
        .reshape(n, g * g, (long) channels * patch * patch); // [N, L, C*p*p], conv weight order
    NDArray kernel = MaskedAutoencoder.onManagerOf(patches, weight.reshape(dim, -1)); // [D, C*p*p]
    return ai.djl.nn.core.Linear.linear(patches, kernel, bias).singletonOrThrow();
  }
}
