package org.ttt4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.train.Trainer;
import org.ttt4j.ttt.Adapter;

/**
 * Where the time of a TTT step goes: libtorch's own profiler (the one behind
 * {@code torch.autograd.profiler}) around a few steps, summarised by operator. The wall time not
 * covered by operators is the Java/JNI side (array wrappers, host work, synchronisation).
 */
public final class StepProfile {

  /** Total self time of one operator over the profiled steps. */
  public record Op(String name, double millis, long calls) {}

  /** The operators by self time (largest first) and the wall time per step. */
  public record Result(List<Op> ops, double wallMillisPerStep, double opMillisPerStep, int steps) {}

  private StepProfile() {}

  public static Result run(String preset, int batch, int steps, Path trace) {
    MaeConfig c = MaeConfig.preset(preset);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(c, m, 0);
        Adapter adapter = new Adapter(model, StepBenchmark.referenceTtt(batch));
        NDManager data = adapter.newScope()) {
      NDArray views = data.randomNormal(new Shape(batch, c.channels(), c.imageSize(),
          c.imageSize()));
      return profile(() -> adapter.step(views), steps, trace);
    }
  }

  /**
   * The same for one MAE pretraining step as {@code ttt4j train mae} takes it ({@code
   * Trainer.trainOn} on a fixed augmented batch: forward, backward, AdamW, loss to host).
   */
  public static Result runTrain(String preset, int batch, int steps, Path trace) {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.preset(preset), m, 0);
        Trainer trainer = TrainStepBenchmark.maeTrainer(model, batch);
        NDManager fixed = m.newSubManager()) {
      Trainer.Batch views = trainer.nextBatch(fixed);
      return profile(() -> trainer.trainOn(views), steps, trace);
    }
  }

  /** Three warm-up steps, then {@code steps} steps under the profiler, summarised. */
  private static Result profile(Runnable step, int steps, Path trace) {
    for (int i = 0; i < 3; i++) {
      step.run();
    }
    JniUtils.startProfile(false, false, false);
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      step.run();
    }
    double wall = (System.nanoTime() - t0) / 1e6 / steps;
    JniUtils.stopProfile(trace.toAbsolutePath().toString());
    return summarise(trace, wall, steps);
  }

  /** Sums the self time of every operator in a Chrome-trace file written by the profiler. */
  static Result summarise(Path trace, double wallPerStep, int steps) {
    JsonElement root;
    try {
      root = new Gson().fromJson(Files.readString(trace), JsonElement.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profiler trace " + trace, e);
    }
    JsonArray events = root.isJsonArray() ? root.getAsJsonArray()
        : root.getAsJsonObject().getAsJsonArray("traceEvents");
    // self time = duration minus the durations of direct children on the same thread
    List<double[]> spans = new ArrayList<>();   // start, end, index
    List<String> names = new ArrayList<>();
    for (JsonElement e : events) {
      JsonObject o = e.getAsJsonObject();
      if (!o.has("dur") || !"X".equals(o.has("ph") ? o.get("ph").getAsString() : "X")) {
        continue;
      }
      double ts = o.get("ts").getAsDouble();
      double dur = o.get("dur").getAsDouble();
      double tid = o.has("tid") ? o.get("tid").getAsDouble() : 0;
      spans.add(new double[] {ts, ts + dur, names.size(), tid});
      names.add(o.get("name").getAsString());
    }
    spans.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]));
    Map<String, double[]> self = new HashMap<>();
    Map<Double, List<double[]>> stacks = new HashMap<>();
    double total = 0;
    for (double[] s : spans) {
      List<double[]> stack = stacks.computeIfAbsent(s[3], k -> new ArrayList<>());
      while (!stack.isEmpty() && stack.get(stack.size() - 1)[1] <= s[0]) {
        stack.remove(stack.size() - 1);
      }
      double dur = s[1] - s[0];
      String name = names.get((int) s[2]);
      self.computeIfAbsent(name, k -> new double[2])[0] += dur;
      self.get(name)[1] += 1;
      if (!stack.isEmpty()) {
        self.get(names.get((int) stack.get(stack.size() - 1)[2]))[0] -= dur;
      } else {
        total += dur;
      }
      stack.add(s);
    }
    List<Op> ops = new ArrayList<>();
    self.forEach((k, v) -> ops.add(new Op(k, v[0] / 1000.0, (long) v[1])));
    ops.sort((a, b) -> Double.compare(b.millis(), a.millis()));
    return new Result(ops, wallPerStep, total / 1000.0 / steps, steps);
  }
}
