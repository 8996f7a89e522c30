package org.ttt4j.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.ttt4j.tensor.Tensors;

/**
 * The main-task head of the Y-shaped model: it reads the encoder's output on the whole image (no
 * mask) and predicts class logits. latent [N, 1 + L, D] → logits [N, classes] ({@link
 * DenseHead}: per-pixel logits [N, classes, H, W]).
 */
public sealed interface Head permits Head.LinearProbe, Head.VitProbe, DenseHead {

  /**
   * Logits for a batch of latents. In {@code train} mode a BatchNorm uses batch statistics and
   * updates its running statistics; otherwise it uses the running statistics (eval mode).
   */
  NDArray forward(NDArray latent, boolean train);

  /**
   * Eval-mode logits [N][classes] as Java arrays: the numbers of {@code forward(latent, false)}
   * (for a dense head, each image's logits flattened), read back.
   */
  default float[][] evalLogits(NDArray latent) {
    try (NDArray out = forward(latent, false)) {
      return Tensors.rows(out);
    }
  }

  /** The head a config asks for, with its parameters registered in {@code w}. */
  static Head create(MaeConfig c, Weights w) {
    return switch (c.head()) {
      case LINEAR -> new LinearProbe(w, c.embedDim(), c.numClasses());
      case VIT_PROBE -> new VitProbe(w, c);
      case DENSE -> new DenseHead(w, c);
    };
  }

  /** TTT-MAE's 'linear' head: BatchNorm1d(affine=False, eps=1e-6) + Linear on the cls token. */
  final class LinearProbe implements Head {
    private static final float MOMENTUM = 0.1f;   // PyTorch BatchNorm's running-stat momentum
    private final NDArray runningMean;
    private final NDArray runningVar;
    private final Linear fc;

    LinearProbe(Weights w, int dim, int classes) {
      runningMean = w.buffer("bn.running_mean", 0f, dim);
      runningVar = w.buffer("bn.running_var", 1f, dim);
      fc = new Linear(w, "head", dim, classes);
    }

    @Override
    public NDArray forward(NDArray latent, boolean train) {
      NDArray cls = latent.get(":, 0, :");                              // [N, D]
      NDArray normed;
      if (train) {
        long n = cls.getShape().get(0);
        NDArray mean = cls.mean(new int[] {0});
        NDArray centred = cls.sub(mean);
        NDArray var = centred.square().mean(new int[] {0});             // biased, for normalising
        normed = centred.div(var.add(MaeConfig.BATCH_NORM_EPS).sqrt());
        NDArray m = mean.stopGradient();
        NDArray v = var.stopGradient().mul(n / Math.max(1.0f, n - 1f));  // unbiased, for running
        runningMean.muli(1 - MOMENTUM).addi(m.mul(MOMENTUM));
        runningVar.muli(1 - MOMENTUM).addi(v.mul(MOMENTUM));
      } else {
        NDArray var = MaskedAutoencoder.onManagerOf(cls, runningVar.add(MaeConfig.BATCH_NORM_EPS));
        normed = cls.sub(runningMean).div(var.sqrt());
      }
      return fc.forward(normed);
    }

    /**
     * The same eval-mode arithmetic in Java on the cls rows: a few thousand multiply-adds per
     * image, which as six libtorch operators cost more than the work (about 0.2–0.4 ms for one
     * image on 2 cores, a tenth of a classification); agrees with {@link #forward} to float
     * rounding (HeadTest).
     */
    @Override
    public float[][] evalLogits(NDArray latent) {
      int n = (int) latent.getShape().get(0);
      int d = (int) latent.getShape().get(2);
      float[] cls;
      try (NDArray rows = latent.get(":, 0, :")) {
        cls = rows.toFloatArray();
      }
      float[] mean = runningMean.toFloatArray();
      float[] var = runningVar.toFloatArray();
      float[] w = fc.weight.toFloatArray();
      float[] b = fc.bias.toFloatArray();
      int classes = b.length;
      float[] scale = new float[d];
      for (int j = 0; j < d; j++) {
        scale[j] = (float) (1.0 / Math.sqrt(var[j] + MaeConfig.BATCH_NORM_EPS));
      }
      float[][] out = new float[n][classes];
      float[] x = new float[d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          x[j] = (cls[i * d + j] - mean[j]) * scale[j];
        }
        for (int k = 0; k < classes; k++) {
          double s = b[k];
          for (int j = 0; j < d; j++) {
            s += (double) x[j] * w[k * d + j];
          }
          out[i][k] = (float) s;
        }
      }
      return out;
    }
  }

  /** A few ViT blocks over all tokens, then LayerNorm and a Linear on the cls token. */
  final class VitProbe implements Head {
    private final List<VitBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final Linear fc;

    VitProbe(Weights w, MaeConfig c) {
      for (int i = 0; i < c.probeDepth(); i++) {
        blocks.add(new VitBlock(w, "head.blocks." + i, c.embedDim(), c.numHeads(), c.mlpRatio()));
      }
      norm = new LayerNorm(w, "head.norm", c.embedDim());
      fc = new Linear(w, "head.fc", c.embedDim(), c.numClasses());
    }

    @Override
    public NDArray forward(NDArray latent, boolean train) {
      NDArray x = latent;
      for (VitBlock block : blocks) {
        x = block.forward(x);
      }
      return fc.forward(norm.forward(x).get(":, 0, :"));
    }
  }
}
