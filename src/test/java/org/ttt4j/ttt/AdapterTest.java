package org.ttt4j.ttt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.AdamW;
import org.ttt4j.optim.OptimizerConfig;

class AdapterTest {

  @Test
  void restoreAfterTwentyStepsIsBitwiseAndClearsOptimizerState() {
    for (OptimizerConfig opt : new OptimizerConfig[] {
        OptimizerConfig.sgd(0.05, 0.9, 0), OptimizerConfig.adamw(1e-3, 0.9, 0.95, 0.05)}) {
      try (NDManager m = NDManager.newBaseManager();
          YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 3);
          Adapter adapter = new Adapter(model, new ParamGroup.Encoder(), opt, 0.75, 0, 11)) {
        Map<String, float[]> before = snapshot(model);
        try (NDManager batch = adapter.newScope()) {
          NDArray views = batch.randomNormal(new Shape(4, 1, 28, 28));
          for (int i = 0; i < 20; i++) {
            adapter.step(views);
          }
        }
        assertFalse(java.util.Arrays.equals(before.get("blocks.0.attn.qkv.weight"),
            model.weights().parameters().get("blocks.0.attn.qkv.weight").toFloatArray()),
            "twenty steps changed the encoder");
        adapter.reset();
        Map<String, float[]> after = snapshot(model);
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " restored bitwise"));
        if (adapter.optimizer() instanceof AdamW a) {
          assertEquals(0, a.stepCount(), "AdamW step count reset");
        }
        // fresh state: the next step equals a step of a brand-new optimizer from the base weights
        assertEquals(0f, stateNorm(adapter), "optimizer state is empty after restore");
      }
    }
  }

  @Test
  void closingAnAdapterGivesTheModelBackUnadapted() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 3)) {
      Map<String, float[]> before = snapshot(model);
      try (Adapter adapter = new Adapter(model, new ParamGroup.Encoder(),
          OptimizerConfig.sgd(0.05, 0.9, 0), 0.75, 0, 11);
          NDManager batch = adapter.newScope()) {
        NDArray views = batch.randomNormal(new Shape(4, 1, 28, 28));
        adapter.step(views);
      }
      Map<String, float[]> after = snapshot(model);
      before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }
  }

  @Test
  void defaultGroupLeavesDecoderAndHeadBitwiseEqual() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 3);
        Adapter adapter = new Adapter(model, new ParamGroup.Encoder(),
            OptimizerConfig.sgd(0.05, 0.9, 0), 0.75, 0, 11)) {
      Map<String, float[]> before = snapshot(model);
      try (NDManager batch = adapter.newScope()) {
        NDArray views = batch.randomNormal(new Shape(4, 1, 28, 28));
        for (int i = 0; i < 5; i++) {
          adapter.step(views);
        }
      }
      Map<String, float[]> after = snapshot(model);
      before.forEach((k, v) -> {
        boolean frozen = (k.startsWith("decoder") || k.startsWith("head") || k.startsWith("bn"));
        if (frozen) {
          assertArrayEquals(v, after.get(k), k + " is frozen");
        }
      });
      assertFalse(java.util.Arrays.equals(before.get("mask_token"), after.get("mask_token")),
          "the mask token adapts with the encoder, as in TTT-MAE");
    }
  }

  @Test
  void firstBlocksGroupChangesTheInputSideOnly() {
    MaeConfig c = MaeConfig.micro();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(c, m, 3);
        Adapter adapter = new Adapter(model, ParamGroup.parse("first1", c.depth()),
            OptimizerConfig.sgd(0.05, 0.9, 0), 0.75, 0, 11)) {
      Map<String, float[]> before = snapshot(model);
      try (NDManager batch = adapter.newScope()) {
        NDArray views = batch.randomNormal(new Shape(4, 1, 28, 28));
        for (int i = 0; i < 3; i++) {
          adapter.step(views);
        }
      }
      Map<String, float[]> after = snapshot(model);
      int changed = 0;
      for (Map.Entry<String, float[]> e : before.entrySet()) {
        String k = e.getKey();
        boolean adapts = k.startsWith("patch_embed.") || k.equals("cls_token")
            || k.startsWith("blocks.0.");
        boolean same = java.util.Arrays.equals(e.getValue(), after.get(k));
        if (!adapts) {
          assertArrayEquals(e.getValue(), after.get(k), k + " is outside first1 and stays");
        } else if (!same) {
          changed++;
        }
      }
      assertTrue(changed >= 3, "patch embedding, cls token and block 0 learn; changed: " + changed);
    }
  }

  @Test
  void twoHundredStepsLeaveTheLiveArrayCountFlat() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 3);
        Adapter adapter = new Adapter(model, new ParamGroup.Encoder(),
            OptimizerConfig.sgd(0.01, 0.9, 0), 0.75, 1.0, 11)) {
      int[] counts = new int[3];
      for (int round = 0; round < 3; round++) {
        try (NDManager batch = adapter.newScope()) {
          NDArray views = batch.randomNormal(new Shape(4, 1, 28, 28));
          for (int i = 0; i < 100; i++) {
            adapter.step(views);
            if (i % 10 == 0) {
              adapter.logits(views);
              adapter.reset();
            }
          }
        }
        counts[round] = m.getManagedArrays().size();
      }
      assertEquals(counts[0], counts[1], "no array survives a step (rounds 1-2)");
      assertEquals(counts[1], counts[2], "no array survives a step (rounds 2-3)");
    }
  }

  /**
   * Regression: DJL backs arrays made from Java data (and scalar operands) with buffers that only
   * the Java wrapper keeps alive; autograd reading one after a collection gave NaN losses after
   * 20-40 steps. A thread that keeps collecting garbage and refilling small native buffers with
   * NaN bits makes such a bug show at once.
   */
  @Test
  void stepsStayFiniteWhileTheGarbageCollectorRuns() throws InterruptedException {
    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread collector = new Thread(() -> {
      while (running.get()) {
        System.gc();
        for (int i = 0; i < 64; i++) {   // reuse freed native memory, filled with NaN bits
          java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 + 4 * (i % 4));
          while (b.hasRemaining()) {
            b.put((byte) 0xFF);
          }
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    collector.setDaemon(true);
    collector.start();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 3);
        Adapter adapter = new Adapter(model, new ParamGroup.Encoder(),
            OptimizerConfig.sgd(1e-3, 0.9, 0), 0.75, 0, 11);
        NDManager batch = adapter.newScope()) {
      NDArray views = batch.randomNormal(new Shape(8, 1, 28, 28));
      for (int i = 0; i < 60; i++) {
        float loss = adapter.step(views);   // throws on a non-finite loss
        assertEquals(true, Float.isFinite(loss));
      }
    } finally {
      running.set(false);
      collector.join();
    }
  }

  private static float stateNorm(Adapter adapter) {
    float total = 0;
    // the optimizer's own arrays are the only children of the adapter besides the snapshot
    for (NDArray p : adapter.parameters()) {
      total += p.hasGradient() ? p.getGradient().abs().sum().getFloat() : 0;
    }
    return total;
  }

  private static Map<String, float[]> snapshot(YShapedVit model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    model.weights().all().forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }
}
