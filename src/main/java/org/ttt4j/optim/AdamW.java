package org.ttt4j.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay), equal to {@code torch.optim.AdamW}. A parameter whose
 * {@code decay} flag is false gets no weight decay (MAE: biases, norms and tokens). Uses libtorch's
 * fused update with the bias corrections folded into the step size and epsilon, so that
 * {@code lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)} is computed exactly as PyTorch does.
 */
public final class AdamW implements Optimizer {

  private final List<NDArray> params;
  private final boolean[] decay;
  private final List<NDArray> firstMoment = new ArrayList<>();
  private final List<NDArray> secondMoment = new ArrayList<>();
  private final NDManager manager;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private double lr;
  private int t;

  /** {@code decay.get(i)} says whether parameter i gets weight decay. */
  public AdamW(List<NDArray> params, List<Boolean> decay, double lr, double beta1, double beta2,
      double eps, double weightDecay, NDManager parent) {
    if (params.size() != decay.size()) {
      throw new IllegalArgumentException("one decay flag per parameter is needed");
    }
    if (lr <= 0 || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || eps <= 0
        || weightDecay < 0) {
      throw new IllegalArgumentException("AdamW needs lr > 0, betas in [0, 1), eps > 0, weight"
          + " decay >= 0; got lr " + lr + ", betas " + beta1 + "/" + beta2 + ", eps " + eps
          + ", weight decay " + weightDecay);
    }
    this.params = List.copyOf(params);
    this.decay = new boolean[decay.size()];
    for (int i = 0; i < decay.size(); i++) {
      this.decay[i] = decay.get(i);
    }
    this.manager = parent.newSubManager();
    this.lr = lr;
    this.beta1 = (float) beta1;
    this.beta2 = (float) beta2;
    this.eps = (float) eps;
    this.weightDecay = (float) weightDecay;
    for (NDArray p : params) {
      firstMoment.add(manager.zeros(p.getShape(), p.getDataType()));
      secondMoment.add(manager.zeros(p.getShape(), p.getDataType()));
    }
  }

  @Override
  public void step() {
    t++;
    double bc1 = 1 - Math.pow(beta1, t);
    double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
    float stepSize = (float) (lr * sqrtBc2 / bc1);
    float foldedEps = (float) (eps * sqrtBc2);
    for (int i = 0; i < params.size(); i++) {
      PtNDArray p = (PtNDArray) params.get(i);
      try (PtNDArray g = JniUtils.getGradient(p)) {
        if (g == null) {
          continue;
        }
        JniUtils.adamUpdate(p, g, (PtNDArray) firstMoment.get(i),
            (PtNDArray) secondMoment.get(i), (float) lr, stepSize,
            decay[i] ? weightDecay : 0f, 1f, -1f, beta1, beta2, foldedEps, true);
      }
      JniUtils.zeroGrad(p);
    }
  }

  @Override
  public void reset() {
    t = 0;
    firstMoment.forEach(m -> m.muli(0));
    secondMoment.forEach(v -> v.muli(0));
  }

  @Override
  public void setLearningRate(double newLr) {
    lr = newLr;
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public int stepCount() {
    return t;
  }

  @Override
  public void setStepCount(int steps) {
    t = steps;
  }

  @Override
  public java.util.Map<String, NDArray> state() {
    java.util.Map<String, NDArray> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < firstMoment.size(); i++) {
      out.put("m." + i, firstMoment.get(i));
      out.put("v." + i, secondMoment.get(i));
    }
    return out;
  }

  @Override
  public List<NDArray> parameters() {
    return params;
  }

  @Override
  public void close() {
    manager.close();
  }
}
