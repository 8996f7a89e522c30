package org.ttt4j.model;

/** The main-task heads of TTT-MAE that sit on the (unmasked) encoder. */
public enum HeadType {
  /** BatchNorm without affine (eval mode) + Linear on the cls token: the official 'linear'. */
  LINEAR,
  /** A few ViT blocks over all tokens, then LayerNorm + Linear on the cls token. */
  VIT_PROBE,
  /** Per-patch LayerNorm + Linear to the class logits of every pixel: semantic segmentation. */
  DENSE
}
