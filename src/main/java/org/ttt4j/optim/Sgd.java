package org.ttt4j.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.ttt4j.tensor.HostArrays;

/**
 * SGD with momentum and L2 weight decay, equal to {@code torch.optim.SGD(momentum=m,
 * weight_decay=wd)} (no dampening, no Nesterov). Keeps the momentum buffer pre-multiplied by the
 * learning rate, as DJL's fused update does (so results match it bitwise); a learning-rate change
 * rescales the buffers so the result stays PyTorch's.
 */
public final class Sgd implements Optimizer {

  private final List<NDArray> params;
  private final List<NDArray> velocity = new ArrayList<>();   // lr * PyTorch's momentum buffer
  private final NDManager manager;
  private final float momentum;
  private final float weightDecay;
  private final NDArray momentumScalar;
  private final NDArray weightDecayScalar;
  private double lr;
  private NDArray lrScalar;
  private int t;

  public Sgd(List<NDArray> params, double lr, double momentum, double weightDecay,
      NDManager parent) {
    if (lr <= 0 || momentum < 0 || momentum >= 1 || weightDecay < 0) {
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
    this.lrScalar = scalar(lr);
  }

  /** A 0-d array owned by the optimizer: a Java number operand would cost an array per call. */
  private NDArray scalar(double value) {
    return HostArrays.of(manager, new float[] {(float) value}, new Shape());
  }

  @Override
  public void step() {
    t++;
    for (int i = 0; i < params.size(); i++) {
      PtNDArray p = (PtNDArray) params.get(i);
      try (PtNDArray g = JniUtils.getGradient(p)) {
        if (g == null) {
          continue;               // as PyTorch: a parameter without gradient is not updated
        }
        // v <- m v + lr (g + wd p); p <- p - v: DJL's fused sgdUpdate in the same order, without
        // its gradient clone and its weight-decay pass when the decay is zero (the gradient is
        // ours to scale: it is zeroed right after).
        if (weightDecay > 0) {
          g.addi(p.mul(weightDecayScalar));
        }
        NDArray v = velocity.get(i);
        g.muli(lrScalar);
        v.muli(momentumScalar).addi(g);
        p.subi(v);
      }
      JniUtils.zeroGrad(p);
    }
  }

  @Override
  public void reset() {
    t = 0;
    for (NDArray v : velocity) {
      v.muli(0);
    }
  }

  @Override
  public java.util.Map<String, NDArray> state() {
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

  @Override
  public void setLearningRate(double newLr) {
    if (newLr != lr && lr > 0) {
      float ratio = (float) (newLr / lr);
      velocity.forEach(v -> v.muli(ratio));
    }
    if (newLr != lr) {
      lrScalar.close();
      lrScalar = scalar(newLr);
    }
    lr = newLr;
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
