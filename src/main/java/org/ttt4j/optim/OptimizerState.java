package org.ttt4j.optim;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Map;
import org.ttt4j.model.Safetensors;
import org.ttt4j.tensor.HostArrays;

/**
 * An optimizer's state inside a safetensors checkpoint: its arrays as {@code optim.<key>} and its
 * step count as the metadata {@code optimizer_steps}. Training states and evaluation states both
 * store it this way, so a resumed run continues with exactly the moments it stopped with.
 */
public final class OptimizerState {

  private static final String PREFIX = "optim.";
  private static final String STEPS = "optimizer_steps";

  private OptimizerState() {}

  /** Adds {@code optimizer}'s arrays to {@code tensors} and its step count to {@code metadata}. */
  public static void save(Optimizer optimizer, Map<String, Safetensors.Tensor> tensors,
      Map<String, String> metadata) {
    optimizer.state().forEach((k, v) -> tensors.put(PREFIX + k,
        new Safetensors.Tensor(v.getShape().getShape(), v.toFloatArray())));
    metadata.put(STEPS, Integer.toString(optimizer.stepCount()));
  }

  /**
   * Copies the optimizer state saved in {@code c} into {@code optimizer}: the same arrays, each of
   * the same shape, or an error naming {@code source} and ending with {@code fix}.
   */
  public static void restore(Optimizer optimizer, Safetensors.Contents c, String source,
      String fix) {
    Map<String, NDArray> state = optimizer.state();
    long saved = c.tensors().keySet().stream().filter(k -> k.startsWith(PREFIX)).count();
    if (saved != state.size()) {
      throw new IllegalArgumentException(source + " holds optimizer state for " + saved
          + " arrays, the run needs " + state.size() + "; " + fix);
    }
    state.forEach((k, a) -> {
      Safetensors.Tensor t = c.tensors().get(PREFIX + k);
      if (t == null || !Arrays.equals(t.shape(), a.getShape().getShape())) {
        throw new IllegalArgumentException(source + ": " + (t == null ? "no optimizer array " + k
            : "optimizer array " + k + " has shape " + Arrays.toString(t.shape()) + ", the run"
            + " needs " + a.getShape()) + "; " + fix);
      }
      HostArrays.copyInto(a, t.values());
    });
    optimizer.setStepCount(Integer.parseInt(c.metadata().get(STEPS)));
  }
}
