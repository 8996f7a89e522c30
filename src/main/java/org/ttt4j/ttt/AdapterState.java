package org.ttt4j.ttt;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttt4j.model.Safetensors;
import org.ttt4j.optim.OptimizerState;
import org.ttt4j.tensor.HostArrays;

/**
 * The adapting state of a TTT run, saved so that an interrupted evaluation continues exactly: the
 * adapted parameters, the optimizer's state and step count, what the strategy carries with them
 * ({@link Adapter#carried}, when anything), plus the caller's position metadata. One safetensors
 * file, written atomically (a crash leaves the previous state or the new one). Nothing random
 * needs saving: every draw derives from (seed, sample position).
 */
public final class AdapterState {

  /** Format name in the metadata. */
  public static final String FORMAT = "ttt4j-eval-state";

  /** The array of {@link Adapter#carried}; absent when it is empty (and in older states). */
  private static final String CARRIED = "carried";

  private AdapterState() {}

  /** Writes {@code adapter}'s parameters and optimizer state, with {@code metadata}, to {@code file}. */
  public static void save(Adapter adapter, Path file, Map<String, String> metadata) {
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    List<NDArray> params = adapter.parameters();
    List<String> names = adapter.parameterNames();
    for (int i = 0; i < params.size(); i++) {
      tensors.put("param." + names.get(i), host(params.get(i)));
    }
    float[] carried = adapter.carried();
    if (carried.length > 0) {
      tensors.put(CARRIED, new Safetensors.Tensor(new long[] {carried.length}, carried));
    }
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("format", FORMAT);
    meta.put("format_version", "1");
    OptimizerState.save(adapter.optimizer(), tensors, meta);
    Safetensors.write(file, tensors, meta);
  }

  /**
   * Copies the parameters and optimizer state saved in {@code file} into {@code adapter} and
   * returns the file's metadata. The adapter must adapt the same parameter group with the same
   * optimizer as the run that wrote the file.
   */
  public static Map<String, String> restore(Adapter adapter, Path file) {
    Safetensors.Contents c = Safetensors.read(file);
    if (!FORMAT.equals(c.metadata().get("format"))) {
      throw new IllegalArgumentException(file + " is not a ttt4j evaluation state (format="
          + c.metadata().get("format") + "); --resume takes the folder of a `ttt4j eval` run");
    }
    List<NDArray> params = adapter.parameters();
    List<String> names = adapter.parameterNames();
    Map<String, NDArray> optim = adapter.optimizer().state();
    Safetensors.Tensor carried = c.tensors().get(CARRIED);
    int saved = c.tensors().size() - (carried == null ? 0 : 1);
    if (saved != params.size() + optim.size()) {
      throw new IllegalArgumentException(file + " holds " + saved + " arrays, this run"
          + " adapts " + params.size() + " parameters with " + optim.size() + " optimizer arrays;"
          + " resume with the options the run was started with");
    }
    for (int i = 0; i < params.size(); i++) {
      copy(c, "param." + names.get(i), params.get(i), file);
    }
    OptimizerState.restore(adapter.optimizer(), c, file.toString(),
        "resume with the options the run was started with");
    adapter.carry(carried == null ? new float[0] : carried.values());
    return c.metadata();
  }

  private static void copy(Safetensors.Contents c, String name, NDArray into, Path file) {
    Safetensors.Tensor t = c.tensors().get(name);
    if (t == null || !java.util.Arrays.equals(t.shape(), into.getShape().getShape())) {
      throw new IllegalArgumentException(file + ": " + (t == null ? "no array " + name
          : name + " has shape " + java.util.Arrays.toString(t.shape()) + ", the run needs "
          + into.getShape()) + "; resume with the options the run was started with");
    }
    HostArrays.copyInto(into, t.values());
  }

  private static Safetensors.Tensor host(NDArray a) {
    return new Safetensors.Tensor(a.getShape().getShape(), a.toFloatArray());
  }
}
