package org.ttt4j.ttt.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.Image;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.TttConfig;

class VideoTttTest {

  private static final MaeConfig DENSE = MaeConfig.micro().withHead(HeadType.DENSE, 0)
      .withNumClasses(3);

  /** Frame t is a flat grey image of value 10 t: its pixels say which frame a view came from. */
  private static List<Image> frames(int n) {
    List<Image> out = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      byte[] px = new byte[28 * 28];
      Arrays.fill(px, (byte) (10 * t));
      out.add(new Image(28, 28, 1, px));
    }
    return out;
  }

  private static TttConfig config() {
    return new TttConfig(new ParamGroup.Encoder(), OptimizerConfig.sgd(0.01, 0.9, 0), 0.8, 4, 1.0,
        0, 5);
  }

  @Test
  void windowStepsDrawOnlyFromTheLastKFramesInStreamOrder() {
    List<Image> frames = frames(12);
    List<Set<Integer>> drawn = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(DENSE, m, 1);
        Adapter a = new Adapter(model, config())) {
      a.observeSteps(sources -> {
        Set<Integer> ids = new HashSet<>();
        sources.forEach(s -> ids.add((s.pixels()[0] & 0xFF) / 10));
        drawn.add(ids);
      });
      List<Integer> positions = new ArrayList<>();
      new VideoTtt(a).run(new Memory.Window(3, 2), frames, r -> {
        positions.add(r.position());
        assertEquals(28, r.predicted().height());
        assertEquals(2, r.losses().length);
      });
      assertEquals(java.util.stream.IntStream.range(0, 12).boxed().toList(), positions);
    }
    assertEquals(24, drawn.size());                   // 2 steps per frame
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < drawn.size(); i++) {
      int t = i / 2;
      for (int id : drawn.get(i)) {
        assertTrue(id <= t && id > t - 3, "step " + i + " of frame " + t + " drew frame " + id);
        seen.add(id);
      }
    }
    assertEquals(12, seen.size());
  }

  @Test
  void noMemoryResetsAfterEachFrameAndFixedNeverMoves() {
    List<Image> frames = frames(4);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(DENSE, m, 1)) {
      float[] before = model.weights().parameters().get("blocks.0.attn.qkv.weight").toFloatArray();
      try (Adapter a = new Adapter(model, config())) {
        VideoTtt ttt = new VideoTtt(a);
        ttt.run(new Memory.NoMemory(1), frames, r -> { });
        assertArrayEquals(before,
            model.weights().parameters().get("blocks.0.attn.qkv.weight").toFloatArray());
        ttt.run(new Memory.Fixed(), frames, r -> assertEquals(0, r.losses().length));
        assertArrayEquals(before,
            model.weights().parameters().get("blocks.0.attn.qkv.weight").toFloatArray());
        ttt.run(new Memory.Online(1), frames, r -> { });
        float[] after = model.weights().parameters().get("blocks.0.attn.qkv.weight").toFloatArray();
        assertTrue(!Arrays.equals(before, after), "online TTT changed nothing");
      }
    }
  }

  @Test
  void segmentationHasOneClassPerPixel() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(DENSE, m, 1);
        Adapter a = new Adapter(model, config())) {
      Image seg = new VideoTtt(a).segment(frames(3).get(2));
      assertEquals(28 * 28, seg.size());
      for (byte b : seg.pixels()) {
        assertTrue(b >= 0 && b < 3, "class " + b);
      }
    }
  }

  /** Every frame's losses and predicted map under {@code memory}, after an optional warm-up. */
  private static List<String> trace(Memory memory, boolean warmUp) {
    List<String> out = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(DENSE, m, 1);
        Adapter a = new Adapter(model, config())) {
      VideoTtt ttt = new VideoTtt(a);
      if (warmUp) {
        ttt.warmUp(memory, frames(5).get(4));
      }
      ttt.run(memory, frames(4), r -> out.add(Arrays.toString(r.losses()) + " "
          + Arrays.toString(r.predicted().pixels())));
    }
    return out;
  }

  @Test
  void aWarmUpLeavesEveryLossAndPredictionAsItWas() {
    for (Memory memory : List.of(new Memory.Online(2), new Memory.Offline(1))) {
      assertEquals(trace(memory, false), trace(memory, true), memory.id());
    }
  }

  @Test
  void aStopEndsTheStreamBetweenFramesAndInOfflineTraining() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(DENSE, m, 1);
        Adapter a = new Adapter(model, config())) {
      List<Integer> done = new ArrayList<>();
      assertTrue(new VideoTtt(a).run(new Memory.Online(1), frames(3), r -> done.add(r.position()),
          () -> false));
      done.clear();
      assertEquals(false, new VideoTtt(a).run(new Memory.Online(1), frames(5),
          r -> done.add(r.position()), () -> done.size() == 2));
      assertEquals(List.of(0, 1), done);
      int[] steps = {0};
      a.observeSteps(sources -> steps[0]++);
      done.clear();
      assertEquals(false, new VideoTtt(a).run(new Memory.Offline(3), frames(4),
          r -> done.add(r.position()), () -> steps[0] == 5));
      assertEquals(5, steps[0], "stopped within the first of 3 epochs of 4 steps");
      assertEquals(List.of(), done);
    }
  }
}
