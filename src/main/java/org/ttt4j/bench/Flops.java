package org.ttt4j.bench;

import org.ttt4j.model.MaeConfig;

/**
 * The reference's analytic FLOP count ({@code step_flops}/{@code cls_flops} in
 * shared/bench/peer/ttt_mae_ref.py): 2 FLOPs per multiply-add of matmuls and the patch embedding,
 * plus 4 per trained parameter for SGD. One ViT block on T tokens of width D costs
 * 24·T·D² + 4·T²·D. LayerNorm, softmax, GELU and gathers are not counted (a lower bound).
 */
public final class Flops {

  private Flops() {}

  /** FLOPs of one TTT step on B copies (forward + backward with a frozen decoder + SGD). */
  public static double step(MaeConfig c, int batch, long trainedParams) {
    double len = c.numPatches();
    double te = c.numKept() + 1;
    double td = len + 1;
    double p = c.patchDim();
    double d = c.embedDim();
    double dd = c.decoderEmbedDim();
    double encLin = c.depth() * 24 * te * d * d;
    double encAtt = c.depth() * 4 * te * te * d;
    double decLin = c.decoderDepth() * 24 * td * dd * dd;
    double decAtt = c.decoderDepth() * 4 * td * td * dd;
    double pe = 2 * len * p * d;
    double de = 2 * te * d * dd;
    double dp = 2 * td * dd * p;
    double fwd = pe + encLin + encAtt + de + decLin + decAtt + dp;
    double bwd = pe + 2 * encLin + 2 * encAtt + de + decLin + 2 * decAtt + dp;
    return batch * (fwd + bwd) + 4.0 * trainedParams;
  }

  /** FLOPs of classifying one image: unmasked encoder + linear head. */
  public static double classify(MaeConfig c) {
    double len = c.numPatches();
    double t = len + 1;
    double d = c.embedDim();
    return 2 * len * c.patchDim() * d + c.depth() * (24 * t * d * d + 4 * t * t * d)
        + 2 * d * c.numClasses();
  }
}
