package org.ttt4j.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Which optimizer and its hyper-parameters, as a value (recorded in manifests).
 *
 * @param kind SGD (with momentum) or AdamW
 * @param lr learning rate
 * @param momentum SGD momentum (ignored by AdamW)
 * @param weightDecay L2 (SGD) or decoupled (AdamW) weight decay
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param eps AdamW epsilon
 */
public record OptimizerConfig(
    Kind kind, double lr, double momentum, double weightDecay, double beta1, double beta2,
    double eps) {

  /** The optimizers ttt4j offers. */
  public enum Kind {
    SGD, ADAMW;

    /** The kind a command line names: {@code sgd} or {@code adamw}. */
    public static Kind parse(String name) {
      for (Kind k : values()) {
        if (k.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown optimizer '" + name + "'; valid: sgd, adamw");
    }
  }

  public OptimizerConfig {
    if (kind == null) {
      throw new IllegalArgumentException("optimizer kind is required (sgd or adamw)");
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
    }
    if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("momentum must be in [0, 1) and weight decay >= 0; got"
          + " momentum " + momentum + ", weight decay " + weightDecay);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
      throw new IllegalArgumentException("AdamW needs betas in [0, 1) and eps > 0; got beta1 "
          + beta1 + ", beta2 " + beta2 + ", eps " + eps);
    }
  }

  /** SGD with momentum, PyTorch semantics. */
  public static OptimizerConfig sgd(double lr, double momentum, double weightDecay) {
    return new OptimizerConfig(Kind.SGD, lr, momentum, weightDecay, 0.9, 0.999, 1e-8);
  }

  /** AdamW, PyTorch semantics. */
  public static OptimizerConfig adamw(double lr, double beta1, double beta2, double weightDecay) {
    return new OptimizerConfig(Kind.ADAMW, lr, 0, weightDecay, beta1, beta2, 1e-8);
  }

  /**
   * Builds the optimizer over {@code params} (named by {@code names}, same order). AdamW applies
   * weight decay only to weights, as MAE: not to biases, norms (1-D) or tokens.
   */
  public Optimizer create(List<NDArray> params, List<String> names, NDManager manager) {
    return switch (kind) {
      case SGD -> new Sgd(params, lr, momentum, weightDecay, manager);
      case ADAMW -> new AdamW(params,
          java.util.stream.IntStream.range(0, params.size())
              .mapToObj(i -> decays(names.get(i), params.get(i))).toList(),
          lr, beta1, beta2, eps, weightDecay, manager);
    };
  }

  /** MAE's rule: decay matrices and kernels, not biases, norm scales or tokens. */
  public static boolean decays(String name, NDArray p) {
    return p.getShape().dimension() > 1 && !name.endsWith(".bias") && !name.endsWith("token");
  }
}
