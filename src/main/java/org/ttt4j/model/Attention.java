package org.ttt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.ttt4j.tensor.HostArrays;

/** Multi-head self-attention with a fused qkv projection (bias on), as ViT/MAE. */
final class Attention {
  private final Linear qkv;
  private final Linear proj;
  private final int heads;
  private final NDArray scale;   // 1/sqrt(head dim), a model-owned constant (see below)

  Attention(Weights w, String name, int dim, int heads) {
    this.qkv = new Linear(w, name + ".qkv", dim, 3 * dim);
    this.proj = new Linear(w, name + ".proj", dim, dim);
    this.heads = heads;
    // A tensor, not a Java float: DJL turns a scalar operand into a short-lived array whose
    // memory autograd would keep using for the backward pass (see HostArrays).
    this.scale = HostArrays.of(w.manager(), new float[] {(float) Math.pow(dim / heads, -0.5)},
        new Shape());
  }

  /** x: [B, T, D] -> [B, T, D]. */
  NDArray forward(NDArray x) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    long d = x.getShape().get(2);
    // [B, T, 3, H, hd] split once along the q/k/v axis: the backward is one concatenation into a
    // contiguous [B, T, 3D] gradient. (Three selects would zero-fill the whole qkv shape per
    // slice, and a permute before the split would make the reshape's backward copy it again.)
    NDList parts = qkv.forward(x).reshape(b, t, 3, heads, d / heads).split(3, 2);
    NDArray q = parts.get(0).squeeze(2).transpose(0, 2, 1, 3);   // [B, H, T, hd]
    NDArray k = parts.get(1).squeeze(2).transpose(0, 2, 1, 3);
    NDArray v = parts.get(2).squeeze(2).transpose(0, 2, 1, 3);
    NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).softmax(-1); // [B, H, T, T]
    NDArray out = att.matMul(v)                           // [B, H, T, hd]
        .transpose(0, 2, 1, 3)
        .reshape(b, t, d);
    return proj.forward(out);
  }
}
