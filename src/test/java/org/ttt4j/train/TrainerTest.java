package org.ttt4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.Normalize;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;

class TrainerTest {

  @TempDir Path dir;

  /** 64 random 28x28 grey images with labels 0..9. */
  static Dataset randomImages() {
    Random rng = new Random(0);
    List<LabeledImage> items = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      byte[] px = new byte[784];
      rng.nextBytes(px);
      items.add(new LabeledImage(new Image(28, 28, 1, px), i % 10));
    }
    return new Dataset() {
      public int size() {
        return items.size();
      }

      public LabeledImage get(int index) {
        return items.get(index);
      }

      public List<String> classNames() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
      }

      public String source() {
        return "random";
      }
    };
  }

  static TrainConfig config(TrainMode mode, int checkpointEvery) {
    return new TrainConfig(mode, 1.0, 8, 1e-3, 0, 0.25, 0.05, 0.9, 0.95, 0.75, 0.5, 0.2,
        checkpointEvery, 7);
  }

  static final Trainer.Listener QUIET = new Trainer.Listener() {
    public void onStep(Trainer.StepRecord r, long total) {}

    public void onCheckpoint(Trainer t, long step) {}
  };

  @Test
  void resumedRunIsBitwiseEqualToUninterruptedRun() {
    for (TrainMode mode : new TrainMode[] {TrainMode.MAE, TrainMode.JOINT}) {
      Dataset data = randomImages();
      Normalize norm = Normalize.of(MaeConfig.micro().mean(), MaeConfig.micro().std());
      Map<String, float[]> straight;
      try (NDManager m = NDManager.newBaseManager();
          YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 1);
          Trainer t = new Trainer(model, config(mode, 0), data, norm)) {
        t.run(QUIET, () -> false);       // 8 steps
        assertEquals(8, t.step());
        straight = weights(model);
      }
      Path state = dir.resolve(mode + ".safetensors");
      try (NDManager m = NDManager.newBaseManager();
          YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 1);
          Trainer t = new Trainer(model, config(mode, 4), data, norm)) {
        t.run(new Trainer.Listener() {
          public void onStep(Trainer.StepRecord r, long total) {}

          public void onCheckpoint(Trainer tr, long step) {
            TrainState.save(tr, state, Map.of());
          }
        }, () -> t.step() >= 4);         // stopped after 4 steps, as by Ctrl-C
        assertEquals(4, t.step());
      }
      Safetensors.Contents saved = TrainState.read(state);
      try (NDManager m = NDManager.newBaseManager();
          YShapedVit model = YShapedVit.create(TrainState.modelConfig(saved), m, 99);
          Trainer t = new Trainer(model, TrainState.trainConfig(saved), data, norm)) {
        TrainState.restore(saved, t, state);
        t.run(QUIET, () -> false);
        assertEquals(8, t.step());
        Map<String, float[]> resumed = weights(model);
        straight.forEach((k, v) -> assertArrayEquals(v, resumed.get(k), mode + " " + k));
      }
    }
  }

  @Test
  void scheduleWarmsUpThenDecaysToTheMinimum() {
    assertEquals(0.0, LrSchedule.at(0, 1e-3, 1e-5, 1, 10), 1e-12);
    assertEquals(5e-4, LrSchedule.at(0.5, 1e-3, 1e-5, 1, 10), 1e-12);
    assertEquals(1e-3, LrSchedule.at(1, 1e-3, 1e-5, 1, 10), 1e-12);
    assertEquals((1e-3 + 1e-5) / 2, LrSchedule.at(5.5, 1e-3, 1e-5, 1, 10), 1e-12);
    assertEquals(1e-5, LrSchedule.at(10, 1e-3, 1e-5, 1, 10), 1e-12);
  }

  @Test
  void everyModeLowersItsLossOnTheSameImages() {
    for (TrainMode mode : TrainMode.values()) {
      Dataset data = randomImages();
      // one batch of all 64 images per step (only order and flips change): a memorisation check
      TrainConfig cfg = new TrainConfig(mode, 20, 64, 4e-2, 0, 0.01, 0, 0.9, 0.95, 0.75, 0.5,
          1.0, 0, 3);
      try (NDManager m = NDManager.newBaseManager();
          YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 1);
          Trainer t = new Trainer(model, cfg, data,
              Normalize.of(MaeConfig.micro().mean(), MaeConfig.micro().std()))) {
        t.run(QUIET, () -> false);
        double first = t.history().get(0).loss();
        double last = t.history().get(t.history().size() - 1).loss();
        assertTrue(last < first, mode + ": loss " + first + " -> " + last);
      }
    }
  }

  @Test
  void stateOfAnotherKindIsRefusedWithAHint() {
    Path file = dir.resolve("model.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 1)) {
      org.ttt4j.model.Checkpoint.save(model, file, Map.of());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainState.read(file));
    assertTrue(e.getMessage().contains("--resume takes the output folder"), e.getMessage());
  }

  private static Map<String, float[]> weights(YShapedVit model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    model.weights().all().forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }
}
