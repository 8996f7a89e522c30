package org.ttt4j.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.ttt4j.tensor.HostArrays;
import org.ttt4j.tensor.NativeKernels;

/**
 * AdamW (decoupled weight decay), equal to {@code torch.optim.AdamW}. A parameter whose
 * {@code decay} flag is false gets no weight decay (MAE: biases, norms and tokens). The bias
 * corrections are folded into the step size and epsilon: {@code lr/bc1 * m / (sqrt(v)/sqrt(bc2) +
 * eps)} = {@code (lr sqrt(bc2)/bc1) * m / (sqrt(v) + eps sqrt(bc2))}. The update runs as one fused
 * native loop over all parameters when {@link NativeKernels} is available (moments then start at
 * zero lazily: a reset writes nothing), else as DJL's per-parameter libtorch update.
 */
public final class AdamW implements Optimizer {

  private final List<NDArray> params;
  private final List<NDArray> firstMoment = new ArrayList<>();
  private final List<NDArray> secondMoment = new ArrayList<>();
  private final NDManager manager;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private final byte[] decayFlags;           // 1 = weight decay applies to parameter i
  private final byte[] fresh;                // 1 = moments are zero (not yet written)
  private final long[] sizes;
  private final long[] gradAddress;
  private long[][] fusedAddresses;           // {params, m, v}, or null: libtorch's update
  private double lr;
  private int t;

  /** {@code decay.get(i)} says whether parameter i gets weight decay. */
  public AdamW(List<NDArray> params, List<Boolean> decay, double lr, double beta1, double beta2,
      double eps, double weightDecay, NDManager parent) {
    if (params.size() != decay.size()) {
      throw new IllegalArgumentException("one decay flag per parameter is needed");
    }
    // written so that a NaN anywhere fails (as setLearningRate refuses a NaN or infinite rate)
    if (!(lr > 0 && lr < Double.POSITIVE_INFINITY && beta1 >= 0 && beta1 < 1 && beta2 >= 0
        && beta2 < 1 && eps > 0 && weightDecay >= 0)) {
      throw new IllegalArgumentException("AdamW needs lr > 0, betas in [0, 1), eps > 0, weight"
          + " decay >= 0; got lr " + lr + ", betas " + beta1 + "/" + beta2 + ", eps " + eps
          + ", weight decay " + weightDecay);
    }
    this.params = List.copyOf(params);
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
    this.decayFlags = new byte[params.size()];
    for (int i = 0; i < decayFlags.length; i++) {
      decayFlags[i] = (byte) (decay.get(i) ? 1 : 0);
    }
    this.fresh = new byte[params.size()];
    this.sizes = this.params.stream().mapToLong(NDArray::size).toArray();
    this.gradAddress = new long[params.size()];
    this.fusedAddresses = NativeKernels.addressesOrNull(this.params, firstMoment, secondMoment);
  }

  /** Keeps DJL's libtorch update even where the fused loop can run (tests compare the two). */
  AdamW useLibtorchUpdate() {
    fusedAddresses = null;
    return this;
  }

  @Override
  public void step() {
    t++;
    double bc1 = 1 - Math.pow(beta1, t);
    double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
    float stepSize = (float) (lr * sqrtBc2 / bc1);
    float foldedEps = (float) (eps * sqrtBc2);
    if (fusedAddresses != null) {
      NativeKernels.requireOpen(params, "parameter");
      NativeKernels.requireOpen(firstMoment, "first moment");
      NativeKernels.requireOpen(secondMoment, "second moment");
      NativeKernels.gradientAddresses(params, gradAddress);
      NativeKernels.adamw(fusedAddresses[0], fusedAddresses[1], fusedAddresses[2], gradAddress,
          sizes, decayFlags, fresh, (float) lr, weightDecay, beta1, beta2, stepSize, foldedEps);
      NativeKernels.markStarted(gradAddress, fresh);
      return;
    }
    for (int i = 0; i < params.size(); i++) {
      PtNDArray p = (PtNDArray) params.get(i);
      try (PtNDArray g = JniUtils.getGradient(p)) {
        if (g == null) {
          continue;
        }
        JniUtils.adamUpdate(p, g, (PtNDArray) firstMoment.get(i),
            (PtNDArray) secondMoment.get(i), (float) lr, stepSize,
            decayFlags[i] == 1 ? weightDecay : 0f, 1f, -1f, beta1, beta2, foldedEps, true);
      }
      JniUtils.zeroGrad(p);
    }
  }

  @Override
  public void reset() {
    t = 0;
    if (fusedAddresses != null) {
      java.util.Arrays.fill(fresh, (byte) 1);
    } else {
      firstMoment.forEach(HostArrays::setZero);
      secondMoment.forEach(HostArrays::setZero);
    }
  }

  /**
   * {@inheritDoc} 0 is allowed (the first step of a warm-up from 0 updates only the moments).
   *
   * @throws IllegalArgumentException for a negative or non-finite rate
   */
  @Override
  public void setLearningRate(double newLr) {
    if (!(newLr >= 0) || Double.isInfinite(newLr)) {
      throw new IllegalArgumentException("AdamW learning rate must be a number >= 0, got "
          + newLr);
    }
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
    for (int i = 0; i < fresh.length; i++) {
      if (fresh[i] == 1) {                     // what fresh moments mean: zeros, exactly
        HostArrays.setZero(firstMoment.get(i));
        HostArrays.setZero(secondMoment.get(i));
        fresh[i] = 0;
      }
    }
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
