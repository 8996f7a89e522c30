package org.ttt4j.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.ttt4j.tensor.HostArrays;
import org.ttt4j.tensor.NativeKernels;

/**
 * SGD with momentum and L2 weight decay, equal to {@code torch.optim.SGD(momentum=m,
 * weight_decay=wd)} (no dampening, no Nesterov). Keeps the momentum buffer pre-multiplied by the
 * learning rate, as DJL's fused update does (so results match it bitwise); a learning-rate change
 * rescales the buffers so the result stays PyTorch's (so the rate must stay above 0).
 *
 * <p>As in PyTorch, a buffer starts at the first gradient after construction or {@link #reset}
 * ({@code buf = clone(grad)}): a reset only marks the buffers fresh, it writes nothing. The update
 * runs as one fused native loop over all parameters when {@link NativeKernels} is available, else
 * as libtorch ops; both give the same bits.
 */
public final class Sgd implements Optimizer {

  private final List<NDArray> params;
  private final List<NDArray> velocity = new ArrayList<>();   // lr * PyTorch's momentum buffer
  private final NDManager manager;
  private final float momentum;
  private final float weightDecay;
  private final NDArray momentumScalar;
  private final NDArray weightDecayScalar;
  private final NDArray zeroScalar;
  private final byte[] fresh;                // 1 = the buffer starts at the next gradient
  private final long[] paramAddress;         // null: libtorch ops instead of the fused loop
  private final long[] velocityAddress;
  private final long[] sizes;
  private final long[] gradAddress;
  private double lr;
  private NDArray lrScalar;
  private int t;

  public Sgd(List<NDArray> params, double lr, double momentum, double weightDecay,
      NDManager parent) {
    this(params, lr, momentum, weightDecay, parent, true);
  }

  /** {@code fused = false} keeps the libtorch ops even where the fused loop can run (tests). */
  Sgd(List<NDArray> params, double lr, double momentum, double weightDecay, NDManager parent,
      boolean fused) {
    // written so that a NaN anywhere fails (as setLearningRate refuses a NaN or infinite rate)
    if (!(lr > 0 && lr < Double.POSITIVE_INFINITY && momentum >= 0 && momentum < 1
        && weightDecay >= 0)) {
      throw new IllegalArgumentException("SGD needs lr > 0, 0 <= momentum < 1, weight decay >= 0;"
          + " got lr " + lr + ", momentum " + momentum + ", weight decay " + weightDecay);
    }
    this.params = List.copyOf(params);
    this.manager = parent.newSubManager();
    this.lr = lr;
    this.momentum = (float) momentum;
    this.weightDecay = (float) weightDecay;
    for (NDArray p : params) {
      velocity.add(manager.zeros(p.getShape(), p.getDataType()));
    }
    this.momentumScalar = scalar(momentum);
    this.weightDecayScalar = scalar(weightDecay);
    this.zeroScalar = scalar(0);
    this.lrScalar = scalar(lr);
    this.fresh = new byte[params.size()];
    java.util.Arrays.fill(fresh, (byte) 1);
    this.sizes = params.stream().mapToLong(NDArray::size).toArray();
    this.gradAddress = new long[params.size()];
    long[][] addresses = fused ? NativeKernels.addressesOrNull(this.params, velocity) : null;
    this.paramAddress = addresses == null ? null : addresses[0];
    this.velocityAddress = addresses == null ? null : addresses[1];
  }

  /** A 0-d array owned by the optimizer: a Java number operand would cost an array per call. */
  private NDArray scalar(double value) {
    return HostArrays.of(manager, new float[] {(float) value}, new Shape());
  }

  @Override
  public void step() {
    t++;
    if (paramAddress != null) {
      NativeKernels.requireOpen(params, "parameter");
      NativeKernels.requireOpen(velocity, "momentum buffer");
      NativeKernels.gradientAddresses(params, gradAddress);
      NativeKernels.sgdMomentum(paramAddress, velocityAddress, gradAddress, sizes, fresh,
          (float) lr, momentum, weightDecay);
      NativeKernels.markStarted(gradAddress, fresh);
      return;
    }
    for (int i = 0; i < params.size(); i++) {
      PtNDArray p = (PtNDArray) params.get(i);
      try (PtNDArray g = JniUtils.getGradient(p)) {
        if (g == null) {
          continue;               // as PyTorch: a parameter without gradient is not updated
        }
        // v <- m v + lr (g + wd p); p <- p - v: DJL's fused sgdUpdate in the same order, without
        // its gradient clone and its weight-decay pass when the decay is zero (the gradient is
        // ours to scale: it is zeroed right after). A fresh buffer is 0 + lr (g + wd p).
        if (weightDecay > 0) {
          g.addi(p.mul(weightDecayScalar));
        }
        NDArray v = velocity.get(i);
        g.muli(lrScalar);
        if (fresh[i] == 1) {
          HostArrays.copyInto(v, g);
          v.addi(zeroScalar);
          fresh[i] = 0;
        } else {
          v.muli(momentumScalar).addi(g);
        }
        p.subi(v);
      }
      JniUtils.zeroGrad(p);
    }
  }

  /** Fresh buffers: the next gradient starts them (nothing is written now). */
  @Override
  public void reset() {
    t = 0;
    java.util.Arrays.fill(fresh, (byte) 1);
  }

  @Override
  public java.util.Map<String, NDArray> state() {
    for (int i = 0; i < velocity.size(); i++) {
      if (fresh[i] == 1) {                     // what a fresh buffer means: zeros, exactly
        HostArrays.setZero(velocity.get(i));
        fresh[i] = 0;
      }
    }
    java.util.Map<String, NDArray> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < velocity.size(); i++) {
      out.put("velocity." + i, velocity.get(i));
    }
    return out;
  }

  @Override
  public int stepCount() {
    return t;
  }

  @Override
  public void setStepCount(int steps) {
    t = steps;
  }

  /**
   * {@inheritDoc} The momentum buffers are kept multiplied by the rate, so they are rescaled to
   * the new one; a rate of 0 would erase them (PyTorch keeps its buffer through a zero-rate
   * step), so it is refused, like a negative or non-finite one.
   *
   * @throws IllegalArgumentException unless {@code newLr} is a positive finite number
   */
  @Override
  public void setLearningRate(double newLr) {
    if (!(newLr > 0) || Double.isInfinite(newLr)) {
      throw new IllegalArgumentException("SGD learning rate must be a positive number, got "
          + newLr + (newLr == 0 ? "; the momentum buffer is kept scaled by the rate, so a rate"
              + " of 0 would erase it: start a warm-up above 0 (e.g. at the first step's rate)"
              : ""));
    }
    if (newLr != lr) {                  // lr > 0: the constructor and this method refuse less
      float ratio = (float) (newLr / lr);
      velocity.forEach(v -> v.muli(ratio));
      lrScalar.close();
      lrScalar = scalar(newLr);
    }
    lr = newLr;
  }

  /** True when steps run as the fused native loop. */
  boolean fused() {
    return paramAddress != null;
  }

  @Override
  public double learningRate() {
    return lr;
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
