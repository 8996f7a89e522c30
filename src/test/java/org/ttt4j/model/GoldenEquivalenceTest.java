package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttt4j.optim.AdamW;
import org.ttt4j.optim.Sgd;

/**
 * The Java model computes what the PyTorch reference computes: fixtures made by
 * tools/golden/make_golden.py from ../shared/bench/peer/ttt_mae_ref.py (weights, images, masking
 * noise → latents, prediction, loss, both heads' logits, gradients, one SGD and one AdamW step).
 */
class GoldenEquivalenceTest {

  private static final double TOL = 1e-4;

  record Golden(MaeConfig config, Map<String, Safetensors.Tensor> t, JsonObject sgd,
      JsonObject adamw, List<String> trained) {

    static Golden load(String name) {
      Path file = Path.of("src", "test", "resources", "golden", name + ".safetensors");
      Safetensors.Contents c = Safetensors.read(file);
      JsonObject cfg = new Gson().fromJson(c.metadata().get("config"), JsonObject.class);
      int chans = cfg.get("chans").getAsInt();
      double[] mean = new double[chans];
      double[] std = new double[chans];
      java.util.Arrays.fill(std, 1.0);
      MaeConfig config = new MaeConfig(cfg.get("img").getAsInt(), cfg.get("patch").getAsInt(),
          chans, cfg.get("dim").getAsInt(), cfg.get("depth").getAsInt(),
          cfg.get("heads").getAsInt(), cfg.get("ddim").getAsInt(), cfg.get("ddepth").getAsInt(),
          cfg.get("dheads").getAsInt(), 4, cfg.get("mask_ratio").getAsDouble(), true,
          cfg.get("classes").getAsInt(), HeadType.LINEAR, cfg.get("probe_depth").getAsInt(),
          mean, std);
      return new Golden(config, c.tensors(),
          new Gson().fromJson(c.metadata().get("sgd"), JsonObject.class),
          new Gson().fromJson(c.metadata().get("adamw"), JsonObject.class),
          List.of(c.metadata().get("trained").split(",")));
    }

    Map<String, Safetensors.Tensor> withPrefix(String prefix) {
      Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
      t.forEach((k, v) -> {
        if (k.startsWith(prefix)) {
          out.put(k.substring(prefix.length()), v);
        }
      });
      return out;
    }

    NDArray array(NDManager m, String name) {
      Safetensors.Tensor x = t.get(name);
      return m.create(x.values(), new Shape(x.shape()));
    }

    float[][] noise() {
      Safetensors.Tensor x = t.get("in.noise");
      int n = (int) x.shape()[0];
      int len = (int) x.shape()[1];
      float[][] out = new float[n][len];
      for (int i = 0; i < n; i++) {
        System.arraycopy(x.values(), i * len, out[i], 0, len);
      }
      return out;
    }

    YShapedVit model(NDManager m, HeadType head) {
      YShapedVit model = YShapedVit.create(config.withHead(head, config.probeDepth()), m, 0);
      Map<String, Safetensors.Tensor> w = withPrefix("w.");
      if (head == HeadType.VIT_PROBE) {
        w.keySet().removeIf(k -> k.startsWith("head.") || k.startsWith("bn."));
        w.putAll(withPrefix("p."));
      }
      model.weights().load(w, "golden");
      return model;
    }
  }

  static void assertClose(String what, Safetensors.Tensor expected, NDArray actual) {
    assertEquals(new Shape(expected.shape()), actual.getShape(), what + " shape");
    float[] a = actual.toFloatArray();
    float[] e = expected.values();
    double worst = 0;
    int worstAt = -1;
    for (int i = 0; i < e.length; i++) {
      double err = Math.abs(a[i] - e[i]) / Math.max(1.0, Math.abs(e[i]));
      if (err > worst) {
        worst = err;
        worstAt = i;
      }
    }
    if (worst > TOL) {
      fail(what + ": max error " + worst + " at " + worstAt + " (expected " + e[worstAt]
          + ", got " + a[worstAt] + ")");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"micro-grey", "micro-rgb"})
  void forwardPassMatchesReference(String name) {
    Golden g = Golden.load(name);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = g.model(m, HeadType.LINEAR)) {
      NDArray imgs = g.array(m, "in.imgs");
      Masking masking = Masking.fromNoise(g.noise(), g.config.numKept());
      MaskedAutoencoder.Output out = model.maeLoss(imgs, masking);
      assertClose("latent", g.t.get("out.latent"), out.latent());
      assertClose("pred", g.t.get("out.pred"), out.pred());
      assertClose("mask", g.t.get("out.mask"), out.mask());
      assertClose("loss", g.t.get("out.loss"), out.loss().reshape(1));
      assertClose("linear logits", g.t.get("out.logits_linear"), model.classify(imgs));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"micro-grey", "micro-rgb"})
  void vitProbeHeadMatchesReference(String name) {
    Golden g = Golden.load(name);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = g.model(m, HeadType.VIT_PROBE)) {
      assertClose("vit-probe logits", g.t.get("out.logits_vitprobe"),
          model.classify(g.array(m, "in.imgs")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"micro-grey", "micro-rgb"})
  void gradientsAndOptimizerStepsMatchReference(String name) {
    Golden g = Golden.load(name);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = g.model(m, HeadType.LINEAR)) {
      Weights w = model.weights();
      ParamGroup group = new ParamGroup.Encoder();
      assertEquals(new java.util.TreeSet<>(g.trained), new java.util.TreeSet<>(w.names(group)),
          "the encoder group is the reference's trained set");
      w.setTrainable(group);
      Map<String, float[]> start = new LinkedHashMap<>();
      w.parameters().forEach((k, v) -> start.put(k, v.toFloatArray()));

      backward(g, m, model);
      for (String k : g.trained) {
        assertClose("grad " + k, g.t.get("grad." + k), w.parameters().get(k).getGradient());
      }
      List<NDArray> params = w.select(group);
      try (Sgd sgd = new Sgd(params, g.sgd.get("lr").getAsDouble(),
          g.sgd.get("momentum").getAsDouble(), g.sgd.get("weight_decay").getAsDouble(), m)) {
        sgd.step();
      }
      for (String k : g.trained) {
        assertClose("sgd " + k, g.t.get("sgd." + k), w.parameters().get(k));
      }
      for (NDArray gr : params) {
        assertEquals(0f, gr.getGradient().abs().max().getFloat(), "step zeroes the gradient");
      }

      start.forEach((k, v) -> w.parameters().get(k).set(v));
      backward(g, m, model);
      List<Boolean> decay = new ArrayList<>();
      for (String k : w.names(group)) {
        NDArray p = w.parameters().get(k);
        decay.add(p.getShape().dimension() > 1 && !k.endsWith(".bias")
            && !k.equals("cls_token") && !k.equals("mask_token"));
      }
      var betas = g.adamw.getAsJsonArray("betas");
      try (AdamW adamw = new AdamW(params, decay, g.adamw.get("lr").getAsDouble(),
          betas.get(0).getAsDouble(), betas.get(1).getAsDouble(), g.adamw.get("eps").getAsDouble(),
          g.adamw.get("weight_decay").getAsDouble(), m)) {
        adamw.step();
      }
      int skipped = 0;
      for (String k : g.trained) {
        skipped += assertAdamClose(k, g.t.get("adamw." + k), w.parameters().get(k),
            g.t.get("grad." + k), start.get(k));
      }
      // the key-projection biases have a vanishing gradient (softmax is shift-invariant); a
      // handful of other entries are tiny by chance
      assertTrue(skipped <= g.config.depth() * g.config.embedDim() + 10, "skipped " + skipped);
      assertTrue(!w.parameters().get("decoder_pred.weight").hasGradient(),
          "the frozen decoder gets no gradient");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"micro-grey", "micro-rgb"})
  void fusedLossGradientsAndEncoderMatchReference(String name) {
    org.junit.jupiter.api.Assumptions.assumeTrue(FusedMaeLoss.available(),
        "fused MAE loss not available here");
    Golden g = Golden.load(name);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = g.model(m, HeadType.LINEAR)) {
      Weights w = model.weights();
      w.setTrainable(new ParamGroup.Encoder());
      NDArray imgs = g.array(m, "in.imgs");
      FusedMaeLoss fused = FusedMaeLoss.forModel(model);
      float loss = fused.lossAndGradients(imgs, Masking.fromNoise(g.noise(), g.config.numKept()));
      assertClose("fused loss", g.t.get("out.loss"), m.create(new float[] {loss}));
      for (String k : g.trained) {
        assertClose("fused grad " + k, g.t.get("grad." + k), w.parameters().get(k).getGradient());
      }
      assertTrue(!w.parameters().get("decoder_pred.weight").hasGradient(),
          "the frozen decoder gets no gradient");
      assertClose("fused linear logits", g.t.get("out.logits_linear"),
          model.classifyEncoded(fused.encode(imgs)));
    }
  }

  /**
   * Adam divides the gradient by its own magnitude, so where the true gradient is zero (the key
   * bias: softmax ignores a shift shared by all keys) both implementations step by lr times the
   * sign of their float rounding noise. Such elements (|grad| < 1e-7) must then only move by at
   * most lr; all others must agree within the tolerance. Returns how many were of the first kind.
   */
  private static int assertAdamClose(String k, Safetensors.Tensor expected, NDArray actual,
      Safetensors.Tensor grad, float[] start) {
    float[] a = actual.toFloatArray();
    float[] e = expected.values();
    int skipped = 0;
    for (int i = 0; i < e.length; i++) {
      if (Math.abs(grad.values()[i]) < 1e-7) {
        skipped++;
        assertTrue(Math.abs(a[i] - start[i]) <= 0.0101, k + "[" + i + "] moved too far");
        continue;
      }
      double err = Math.abs(a[i] - e[i]) / Math.max(1.0, Math.abs(e[i]));
      assertTrue(err <= TOL, "adamw " + k + "[" + i + "]: expected " + e[i] + ", got " + a[i]);
    }
    return skipped;
  }

  private static void backward(Golden g, NDManager m, YShapedVit model) {
    try (NDManager step = m.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray imgs = g.array(step, "in.imgs");
      NDArray loss = model.maeLoss(imgs, Masking.fromNoise(g.noise(), g.config.numKept())).loss();
      gc.backward(loss);
    }
  }
}
