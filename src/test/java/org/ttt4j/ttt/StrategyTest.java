package org.ttt4j.ttt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.Image;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;

/** The mechanisms that make each strategy what it is. */
class StrategyTest {

  static List<Sample> stream(int n) {
    Random rng = new Random(1);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[784];
      rng.nextBytes(px);
      out.add(new Sample(i, new Image(28, 28, 1, px), i % 10, "gaussian_noise", 5));
    }
    return out;
  }

  static Map<String, float[]> weights(YShapedVit m) {
    Map<String, float[]> out = new LinkedHashMap<>();
    m.weights().all().forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  interface Check {
    void run(YShapedVit model, Adapter adapter);
  }

  static void withAdapter(int batch, Check check) {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 5);
        Adapter adapter = new Adapter(model, TttConfig.paperDefaults(0.05, batch, 3))) {
      check.run(model, adapter);
    }
  }

  @Test
  void standardRestoresEveryWeightBitwiseAfterEachSample() {
    withAdapter(4, (model, adapter) -> {
      Map<String, float[]> base = weights(model);
      List<Prediction> preds = new ArrayList<>();
      new Strategy.Standard(3).run(stream(3), adapter, p -> {
        preds.add(p);
        weights(model).forEach((k, v) -> assertArrayEquals(base.get(k), v, k));
      });
      assertEquals(3, preds.size());
      assertEquals(4, preds.get(0).predictions().length, "step 0..3");
      assertEquals(3, preds.get(0).losses().length);
    });
  }

  @Test
  void everyPredictionCarriesTheSoftmaxProbabilityOfItsClass() {
    withAdapter(4, (model, adapter) -> {
      List<Sample> samples = stream(2);
      List<Prediction> preds = new ArrayList<>();
      new Strategy.Standard(2).run(samples, adapter, preds::add);
      for (Prediction p : preds) {
        assertEquals(p.predictions().length, p.confidences().length, "one per prediction");
        for (float c : p.confidences()) {
          assertTrue(c > 1.0 / model.config().numClasses() - 1e-6 && c <= 1, "probability " + c);
        }
      }
      // step 0 is the base model: its confidence is the softmax of the logits, recomputed here
      try (NDManager scope = adapter.newScope()) {
        float[] z = adapter.logits(org.ttt4j.tensor.Tensors.batch(scope,
            List.of(samples.get(1).image()),
            org.ttt4j.data.Normalize.of(model.config().mean(), model.config().std())))[0];
        int best = 0;
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
          best = z[k] > z[best] ? k : best;
        }
        for (float v : z) {
          sum += Math.exp(v - z[best]);
        }
        assertEquals(best, preds.get(1).predictions()[0]);
        assertEquals(1 / sum, preds.get(1).confidences()[0], 1e-6);
      }
    });
  }

  @Test
  void onlineChangesWeightsAndCarriesThemToTheNextSample() {
    withAdapter(4, (model, adapter) -> {
      Map<String, float[]> base = weights(model);
      List<float[]> encoderAfter = new ArrayList<>();
      new Strategy.Online(1, false).run(stream(3), adapter,
          p -> encoderAfter.add(weights(model).get("blocks.0.attn.qkv.weight")));
      assertFalse(java.util.Arrays.equals(base.get("blocks.0.attn.qkv.weight"),
          encoderAfter.get(0)), "the first sample changed the encoder");
      assertFalse(java.util.Arrays.equals(encoderAfter.get(0), encoderAfter.get(1)),
          "the second sample starts where the first left off and moves on");
      assertArrayEquals(base.get("decoder_pred.weight"),
          weights(model).get("decoder_pred.weight"), "decoder frozen");
      assertArrayEquals(base.get("head.weight"), weights(model).get("head.weight"), "head frozen");
    });
  }

  @Test
  void windowBatchesComeOnlyFromTheLastKSamplesAndRepeatWhenKIsSmallerThanB() {
    withAdapter(8, (model, adapter) -> {
      List<Sample> s = stream(10);
      Map<Image, Integer> position = new IdentityHashMap<>();
      s.forEach(x -> position.put(x.image(), x.position()));
      List<List<Integer>> batches = new ArrayList<>();
      adapter.observeSteps(sources -> batches.add(sources.stream().map(position::get).toList()));
      new Strategy.Window(3, 1).run(s, adapter, p -> { });
      assertEquals(10, batches.size());
      for (int t = 0; t < 10; t++) {
        List<Integer> b = batches.get(t);
        assertEquals(8, b.size());
        for (int pos : b) {
          assertTrue(pos <= t && pos > t - 3, "step " + t + " used sample " + pos);
        }
        assertTrue(new HashSet<>(b).size() <= Math.min(3, t + 1), "draws repeat: " + b);
      }
      assertEquals(Set.of(0), new HashSet<>(batches.get(0)), "first step: only sample 0");
    });
  }

  @Test
  void offlineSeesEverySampleBeforePredictingAny() {
    withAdapter(2, (model, adapter) -> {
      List<Sample> s = stream(6);
      Set<Image> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      adapter.observeSteps(sources -> seen.addAll(sources));
      List<Prediction> preds = new ArrayList<>();
      new Strategy.Offline(1).run(s, adapter, p -> {
        assertEquals(6, seen.size(), "all samples trained on before the first prediction");
        preds.add(p);
      });
      assertEquals(6, preds.size());
    });
  }

  @Test
  void offlineRecordsForEachSampleTheLossOfItsStepInEveryEpoch() {
    List<Sample> s = stream(5);
    List<Image> firstStep = new ArrayList<>();
    List<Prediction> preds = new ArrayList<>();
    withAdapter(2, (model, adapter) -> {
      adapter.observeSteps(sources -> {
        if (firstStep.isEmpty()) {
          firstStep.add(sources.get(0));
        }
      });
      new Strategy.Offline(2).run(s, adapter, preds::add);
    });
    preds.forEach(p -> assertEquals(2, p.losses().length, "one loss per epoch"));
    // the first step of epoch 0 starts from the base weights: take it again on a fresh adapter
    Sample first = s.stream().filter(x -> x.image() == firstStep.get(0)).findFirst().orElseThrow();
    withAdapter(2, (model, adapter) -> {
      float loss = adapter.stepOn(java.util.Collections.nCopies(2, first.image()),
          new java.util.SplittableRandom(org.ttt4j.data.Seeds.derive(3, 9, 0, first.position())));
      assertEquals(loss, preds.get(first.position()).losses()[0], "its loss is epoch 0's");
    });
  }

  @Test
  void fixedNeverTrains() {
    withAdapter(2, (model, adapter) -> {
      Map<String, float[]> base = weights(model);
      adapter.observeSteps(sources -> { throw new AssertionError("fixed took a step"); });
      new Strategy.Fixed().run(stream(4), adapter, p -> { });
      weights(model).forEach((k, v) -> assertArrayEquals(base.get(k), v, k));
    });
  }
}
