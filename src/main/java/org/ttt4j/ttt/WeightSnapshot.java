package org.ttt4j.ttt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.ttt4j.optim.Optimizer;
import org.ttt4j.tensor.HostArrays;
import org.ttt4j.tensor.NativeKernels;

/**
 * The weights to go back to after each test sample (standard TTT). Captured once; {@link #restore}
 * copies the saved values back into the existing parameter arrays (no reallocation, so optimizers
 * and autograd keep pointing at the same tensors) and clears the optimizer's state, which is what
 * the official {@code _reinitialize_model} achieves with a deep copy and a new optimizer. With
 * {@link NativeKernels} the copy is one native call for all parameters (a memcpy each), else one
 * libtorch copy per parameter.
 */
public final class WeightSnapshot implements AutoCloseable {

  private final List<NDArray> params;
  private final List<NDArray> saved = new ArrayList<>();
  private final NDManager manager;
  private final long[][] addresses;           // {params, saved}, or null: libtorch copies
  private final long[] bytes;

  private WeightSnapshot(List<NDArray> params, NDManager parent) {
    this.params = List.copyOf(params);
    this.manager = parent.newSubManager();
    for (NDArray p : params) {
      NDArray copy = p.duplicate();          // a detached copy with its own storage
      copy.attach(manager);
      saved.add(copy);
    }
    this.addresses = NativeKernels.addressesOrNull(this.params, saved);
    this.bytes = this.params.stream().mapToLong(p -> p.size() * 4).toArray();
  }

  /** Saves the current values of {@code params}. */
  public static WeightSnapshot capture(List<NDArray> params, NDManager parent) {
    return new WeightSnapshot(params, parent);
  }

  /** Copies the saved values back in place and resets {@code optimizer} (may be null). */
  public void restore(Optimizer optimizer) {
    if (addresses != null) {
      NativeKernels.requireOpen(params, "parameter");
      NativeKernels.requireOpen(saved, "saved weight");
      NativeKernels.copy(addresses[0], addresses[1], bytes);
    } else {
      for (int i = 0; i < params.size(); i++) {
        HostArrays.copyInto(params.get(i), saved.get(i));
      }
    }
    if (optimizer != null) {
      optimizer.reset();
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
