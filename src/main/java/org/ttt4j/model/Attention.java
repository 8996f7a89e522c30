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
    NDArray qkvs = qkv.forward(x)                         // [B, T, 3D]
        .reshape(b, t, 3, heads, d / heads)
        .transpose(2, 0, 3, 1, 4);                        // [3, B, H, T, hd]
    // One split, not three selects: the backward of a select builds a zero tensor of the whole
    // qkv shape per slice and sums three of them; a split's backward is one concatenation.
    NDList parts = qkvs.split(3, 0);
    NDArray q = parts.get(0).squeeze(0);
    NDArray k = parts.get(1).squeeze(0);
    NDArray v = parts.get(2).squeeze(0);
    NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).softmax(-1); // [B, H, T, T]
    NDArray out = att.matMul(v)                           // [B, H, T, hd]
        .transpose(0, 2, 1, 3)
        .reshape(b, t, d);
    return proj.forward(out);
  }
}
