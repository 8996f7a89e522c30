package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Normalize;
import org.ttt4j.data.video.MovingGarments;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.train.SegTrainer;
import org.ttt4j.train.TrainState;

/** `train seg` saves its state as it goes, and a stopped run resumed ends where a straight one does. */
class TrainSegResumeTest {

  @TempDir Path dir;
  @org.junit.jupiter.api.extension.RegisterExtension final CapturedConsole console =
      new CapturedConsole();

  @Test
  void aRunStoppedAfterItsCheckpointAndResumedEndsBitwiseWhereAStraightRunEnds() throws Exception {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    Path videos = oneVideo();
    String[] common = fourSteps(videos);
    Path straight = dir.resolve("straight");
    assertEquals(0, Main.execute(concat(common, "--out", straight.toString())));
    assertTrue(Files.notExists(straight.resolve("state.safetensors")), "a finished run keeps"
        + " model.safetensors only");
    List<String> history = Files.readAllLines(straight.resolve("history.csv"));
    assertEquals(5, history.size(), "the header and one line per step: " + history);
    for (int step = 1; step <= 4; step++) {
      assertTrue(history.get(step).startsWith(step + ","), history.get(step));
    }

    Path stopped = dir.resolve("stopped");
    List<String> line = stoppedAfterTwoSteps(videos, stopped);
    assertEquals(2, Main.execute(concat(common, "--out", stopped.toString())),
        "a stopped run is not started over without --resume");
    byte[] state = Files.readAllBytes(stopped.resolve("state.safetensors"));
    assertEquals(2, Main.execute("train", "seg", "--out", stopped.toString(), "--resume",
        "--steps", "6"), "an option other than the run's is refused, not ignored");
    assertEquals(2, Main.execute("train", "seg", "--out", stopped.toString(), "--resume",
        "--videos", dir.toString()));
    try (org.ttt4j.provenance.FolderLock busy =
        org.ttt4j.provenance.FolderLock.acquire(stopped)) {
      assertEquals(1, Main.execute("train", "seg", "--out", stopped.toString(), "--resume"),
          "a folder another job writes is refused");
    }
    assertArrayEquals(state, Files.readAllBytes(stopped.resolve("state.safetensors")));
    // the history the stopped run left: its two steps, then a garbled line
    List<String> straightHistory = Files.readAllLines(straight.resolve("history.csv"));
    Files.write(stopped.resolve("history.csv"), List.of(straightHistory.get(0),
        straightHistory.get(1), straightHistory.get(2), "2x,garbled"));
    assertEquals(0, Main.execute("train", "seg", "--out", stopped.toString(), "--resume"),
        "the videos and every setting come from the run");
    List<String> resumedHistory = Files.readAllLines(stopped.resolve("history.csv"));
    assertEquals(5, resumedHistory.size(), "steps 1-2 kept, the garbled line dropped, steps 3-4"
        + " added: " + resumedHistory);
    assertEquals(straightHistory.subList(0, 3), resumedHistory.subList(0, 3));
    Map<String, Safetensors.Tensor> a = Safetensors.read(straight.resolve("model.safetensors"))
        .tensors();
    Map<String, Safetensors.Tensor> b = Safetensors.read(stopped.resolve("model.safetensors"))
        .tensors();
    assertEquals(a.keySet(), b.keySet());
    a.forEach((k, v) -> assertArrayEquals(v.values(), b.get(k).values(), k));
    RunManifest finished = JsonFiles.read(stopped.resolve("manifest.json"), RunManifest.class)
        .orElseThrow();
    assertEquals(line, finished.command(), "the command that started the run");
    assertEquals(1, finished.resumed().size());
    byte[] done = Files.readAllBytes(stopped.resolve("manifest.json"));
    console.err().reset();
    assertEquals(0, Main.execute(concat(common, "--out", stopped.toString(), "--resume")));
    assertTrue(console.err().toString(java.nio.charset.StandardCharsets.UTF_8)
        .contains("is complete"), "a finished run is not resumed or overwritten");
    assertArrayEquals(done, Files.readAllBytes(stopped.resolve("manifest.json")));
  }

  /** A 6-frame labelled video of 28x28 frames. */
  private Path oneVideo() {
    Path videos = dir.resolve("videos");
    assertEquals(0, Main.execute("video", "make", "--out", videos.toString(), "--videos", "1",
        "--frames", "6", "--side", "28", "--seed", "3"));
    return videos;
  }

  /** A run of 4 steps of batch 2, warm-up 1, seed 5 on {@code videos}, but for its --out. */
  private static String[] fourSteps(Path videos) {
    return new String[] {"train", "seg", "--videos", videos.toString(), "--preset", "micro",
        "--init", "none", "--steps", "4", "--batch", "2", "--warmup", "1", "--seed", "5"};
  }

  /**
   * The folder {@code stopped} as a run of {@link #fourSteps} stopped after step 2 leaves it: the
   * manifest the command writes at the start, and the state of the same trainer as the command's
   * after 2 steps. Returns the command line in the manifest.
   */
  private static List<String> stoppedAfterTwoSteps(Path videos, Path stopped) throws Exception {
    Files.createDirectories(stopped);
    List<String> line = new ArrayList<>(List.of("ttt4j"));
    line.addAll(List.of(concat(fourSteps(videos), "--out", stopped.toString())));
    Map<String, String> data = new java.util.LinkedHashMap<>();
    VideoFolder.list(videos).forEach(v -> data.put(v.dir().toString(), v.size() + " frames"));
    RunManifest manifest = RunManifest.start(line, Map.of(), 5, data);
    manifest.write(stopped.resolve("manifest.json"));
    MaeConfig config = MaeConfig.micro().withHead(HeadType.DENSE, 0).withNumClasses(11);
    SegTrainer.Config cfg = new SegTrainer.Config(4, 2, 5e-4, 1, 0.05, 0.8, 1.0, 5);
    List<MovingGarments.Frame> frames = new ArrayList<>();
    VideoFolder.list(videos).forEach(v -> frames.addAll(v.readAll()));
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(config, m, cfg.seed());
        SegTrainer t = new SegTrainer(model, cfg, frames,
            Normalize.of(config.mean(), config.std()))) {
      t.step();
      t.step();
      TrainState.save(model, t.optimizer(), t.stepCount(), cfg,
          stopped.resolve("state.safetensors"), manifest.asMetadata());
    }
    return line;
  }

  @Test
  void aResumedRunsHistoryKeepsOnlyWholeStepsAndTrainCurvesDrawsIt() throws Exception {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    Path stopped = dir.resolve("stopped");
    stoppedAfterTwoSteps(oneVideo(), stopped);
    // step 1, then step 2 as a crash garbled it: its six fields, one of them no number
    String step1 = "1,5.000000e-04,2.50000,0.90000,1.60000,100.0";
    Files.write(stopped.resolve("history.csv"), List.of(TrainCurvesCommand.SEG_HEADER, step1,
        "2,5.000000e-04,2.40000,garbled,1.50000,100.0"));
    assertEquals(0, Main.execute("train", "seg", "--out", stopped.toString(), "--resume"),
        "a garbled step is dropped, not drawn: the run ends well");
    List<String> history = Files.readAllLines(stopped.resolve("history.csv"));
    assertEquals(List.of(TrainCurvesCommand.SEG_HEADER, step1), history.subList(0, 2));
    assertEquals(List.of(3L, 4L), history.subList(2, history.size()).stream()
        .map(l -> Long.parseLong(l.split(",")[0])).toList(), "step 2 dropped: " + history);
    assertTrue(Files.size(stopped.resolve("curves.png")) > 0, "the run drew its curves");
    assertEquals(0, Main.execute("train", "curves", stopped.toString()));
    assertTrue(Files.size(stopped.resolve("curves-redrawn.png")) > 0);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
