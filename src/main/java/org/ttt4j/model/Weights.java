package org.ttt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ttt4j.tensor.HostArrays;

/**
 * The named tensors of a model, in creation order, with the reference's names
 * ({@code blocks.0.attn.qkv.weight}, {@code decoder_blocks.1.mlp.fc2.bias}, {@code mask_token},
 * ...). Parameters are learnable; buffers (BatchNorm running statistics) are state that is saved
 * but never gets a gradient. All arrays live in this object's {@link NDManager}; closing it frees
 * them.
 */
public final class Weights implements AutoCloseable {

  private final NDManager manager;
  private final Random rng;
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();
  private final Map<String, NDArray> buffers = new LinkedHashMap<>();

  /** Creates an empty set of weights whose arrays live in a sub-manager of {@code parent}. */
  Weights(NDManager parent, long seed) {
    this.manager = parent.newSubManager();
    this.rng = new Random(seed);
  }

  /** Creates and registers a parameter initialised by {@code init}. */
  NDArray parameter(String name, Init init, int fanIn, int fanOut, long... shape) {
    Shape s = new Shape(shape);
    NDArray a = HostArrays.of(manager, init.sample((int) s.size(), fanIn, fanOut, rng), s);
    register(parameters, name, a);
    return a;
  }

  /** Creates and registers a buffer filled with {@code value}. */
  NDArray buffer(String name, float value, long... shape) {
    NDArray a = manager.full(new Shape(shape), value, DataType.FLOAT32);
    register(buffers, name, a);
    return a;
  }

  private void register(Map<String, NDArray> map, String name, NDArray a) {
    if (parameters.containsKey(name) || buffers.containsKey(name)) {
      throw new IllegalStateException("duplicate weight name " + name);
    }
    a.setName(name);
    map.put(name, a);
  }

  /** Learnable parameters by name, in creation order (read-only view). */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** Non-learnable state by name (read-only view). */
  public Map<String, NDArray> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  /** Parameters and buffers together, parameters first: what a checkpoint holds. */
  public Map<String, NDArray> all() {
    Map<String, NDArray> all = new LinkedHashMap<>(parameters);
    all.putAll(buffers);
    return all;
  }

  /** The parameters a group selects, in creation order. */
  public List<NDArray> select(ParamGroup group) {
    return parameters.entrySet().stream()
        .filter(e -> group.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }

  /** The names a group selects, in creation order. */
  public List<String> names(ParamGroup group) {
    return parameters.keySet().stream().filter(group::contains).toList();
  }

  /**
   * Makes exactly the parameters of {@code group} require gradients; every other parameter is
   * frozen (still back-propagated through, but it gets no gradient of its own).
   */
  public void setTrainable(ParamGroup group) {
    parameters.forEach((name, a) -> a.setRequiresGradient(group.contains(name)));
  }

  /** Number of scalar values in the parameters a group selects. */
  public long count(ParamGroup group) {
    return select(group).stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /** Every parameter and buffer as host tensors (float32), parameters first. */
  public Map<String, Safetensors.Tensor> toTensors() {
    Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
    all().forEach((name, a) -> out.put(name, new Safetensors.Tensor(a.getShape().getShape(),
        a.toFloatArray())));
    return out;
  }

  /**
   * Copies values into the existing arrays. Every parameter and buffer must be present with its
   * shape; extra tensors are an error too. A mismatch lists every missing, unexpected and
   * mis-shaped name, so that the caller can see which config the file was made for.
   */
  public void load(Map<String, Safetensors.Tensor> tensors, String source) {
    load(tensors, source, name -> true);
  }

  /**
   * Like {@link #load(Map, String)} for the names {@code which} accepts only (e.g. everything but
   * the head, to put a new head on a pretrained MAE); other tensors of the file are ignored.
   */
  public void load(Map<String, Safetensors.Tensor> file, String source,
      java.util.function.Predicate<String> which) {
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    file.forEach((k, v) -> {
      if (which.test(k)) {
        tensors.put(k, v);
      }
    });
    Map<String, NDArray> all = new LinkedHashMap<>();
    all().forEach((k, v) -> {
      if (which.test(k)) {
        all.put(k, v);
      }
    });
    List<String> missing = all.keySet().stream().filter(n -> !tensors.containsKey(n)).toList();
    List<String> unexpected = tensors.keySet().stream().filter(n -> !all.containsKey(n)).toList();
    List<String> misShaped = all.entrySet().stream()
        .filter(e -> tensors.containsKey(e.getKey()))
        .filter(e -> !java.util.Arrays.equals(e.getValue().getShape().getShape(),
            tensors.get(e.getKey()).shape()))
        .map(e -> e.getKey() + " (model " + e.getValue().getShape() + ", file "
            + java.util.Arrays.toString(tensors.get(e.getKey()).shape()) + ")")
        .toList();
    if (!missing.isEmpty() || !unexpected.isEmpty() || !misShaped.isEmpty()) {
      throw new IllegalArgumentException(source + " does not fit this model: "
          + describe("missing", missing) + describe("unexpected", unexpected)
          + describe("shape differs", misShaped)
          + "the file holds " + tensors.size() + " tensors; the model needs " + all.size());
    }
    all.forEach((name, a) -> HostArrays.copyInto(a, tensors.get(name).values()));
  }

  private static String describe(String what, List<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    String shown = String.join(", ", names.subList(0, Math.min(12, names.size())));
    return what + " " + names.size() + " [" + shown + (names.size() > 12 ? ", ..." : "") + "]; ";
  }

  /** The manager that owns these arrays (for arrays that must live as long as the model). */
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }
}
