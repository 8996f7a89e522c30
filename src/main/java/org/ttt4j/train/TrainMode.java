package org.ttt4j.train;

import org.ttt4j.model.ParamGroup;

/** What a training run optimises, and which parameters learn. */
public enum TrainMode {
  /** MAE pretraining: reconstruction loss, encoder + decoder learn (He et al. 2021). */
  MAE,
  /** Probing: the head learns on the frozen encoder, cross-entropy (TTT-MAE's recipe). */
  PROBE,
  /** Y-shaped joint training: cross-entropy + weight x MAE loss, everything learns. */
  JOINT,
  /** A plain supervised ViT of the same size: cross-entropy, encoder + head, no decoder. */
  SUPERVISED;

  /** The parameters this mode trains. */
  public ParamGroup group() {
    return switch (this) {
      case MAE -> new ParamGroup.EncoderDecoder();
      case PROBE -> new ParamGroup.Head();
      case JOINT -> new ParamGroup.All();
      case SUPERVISED -> new ParamGroup.EncoderAndHead();
    };
  }

  public boolean usesMaeLoss() {
    return this == MAE || this == JOINT;
  }

  public boolean usesClassLoss() {
    return this != MAE;
  }
}
