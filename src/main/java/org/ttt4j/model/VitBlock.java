package org.ttt4j.model;

import ai.djl.ndarray.NDArray;

/**
 * The pre-norm ViT block: {@code x + attn(norm1(x))}, then {@code x + mlp(norm2(x))}. (DJL's
 * TransformerEncoderBlock is post-norm with BatchNorm, which is not this block.)
 */
final class VitBlock {
  private final LayerNorm norm1;
  private final Attention attn;
  private final LayerNorm norm2;
  private final Mlp mlp;

  VitBlock(Weights w, String name, int dim, int heads, int mlpRatio) {
    norm1 = new LayerNorm(w, name + ".norm1", dim);
    attn = new Attention(w, name + ".attn", dim, heads);
    norm2 = new LayerNorm(w, name + ".norm2", dim);
    mlp = new Mlp(w, name + ".mlp", dim, dim * mlpRatio);
  }

  /** x: [B, T, D] -> [B, T, D]. */
  NDArray forward(NDArray x) {
    x = x.add(attn.forward(norm1.forward(x)));
    return x.add(mlp.forward(norm2.forward(x)));
  }
}
