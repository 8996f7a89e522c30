package org.ttt4j.eval.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.TttConfig;
import org.ttt4j.ttt.video.Memory;
import org.ttt4j.ttt.video.VideoTtt;

class VideoRunTest {

  @TempDir Path dir;

  private VideoFolder video(int frames) {
    Path v = dir.resolve("clip");
    for (int t = 0; t < frames; t++) {
      byte[] px = new byte[28 * 28];
      java.util.Arrays.fill(px, (byte) (20 * t));
      String name = String.format("%05d.png", t);
      ImageFiles.writePng(v.resolve("frames").resolve(name), new Image(28, 28, 1, px));
      ImageFiles.writePng(v.resolve("labels").resolve(name), new Image(28, 28, 1,
          new byte[28 * 28]));
    }
    return VideoFolder.open(v);
  }

  /** A micro segmentation model of 3 classes, adapted by SGD on 2 views with an 80 % mask. */
  private static final MaeConfig DENSE =
      MaeConfig.micro().withHead(HeadType.DENSE, 0).withNumClasses(3);
  private static final TttConfig TTT = new TttConfig(new ParamGroup.Encoder(),
      OptimizerConfig.sgd(0.01, 0.9, 0), 0.8, 2, 1.0, 0, 5);

  private static RunManifest manifest(VideoFolder v) {
    return RunManifest.start(List.of("ttt4j", "video"), Map.of("k", 1), 0,
        Map.of("video", v.dir().toString()));
  }

  private static long lines(Path file) {
    try {
      return Files.readAllLines(file).size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aStoppedVideoKeepsTheRecordsOfItsFramesAndIsNotFinished() {
    VideoFolder v = video(5);
    Path run = dir.resolve("run");
    List<Long> onDisk = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(DENSE, m, 1);
        Adapter a = new Adapter(model, TTT)) {
      RunManifest manifest = manifest(v);
      Optional<VideoRun.Result> r = VideoRun.run(new VideoTtt(a), new Memory.Online(1), v,
          false, 0, 3, run, manifest, false, () -> onDisk.size() == 2,
          p -> onDisk.add(lines(run.resolve("records.jsonl"))));
      assertTrue(r.isEmpty(), "stopped");
    }
    assertEquals(List.of(1L, 2L), onDisk, "each frame's line is on disk as the frame ends");
    assertEquals(2, lines(run.resolve("records.jsonl")));
    assertFalse(Files.exists(run.resolve("summary.json")));
    assertNull(JsonFiles.read(run.resolve("manifest.json"), RunManifest.class).orElseThrow()
        .finished(), "an unfinished manifest: the same command runs the video again");
  }

  @Test
  void aRunDoneAgainAndStoppedKeepsNoSummaryOfTheEarlierRun() {
    // was: summary.json went, summary.md stayed and showed the earlier run's mIoU beside the
    // new run's partial records
    VideoFolder v = video(3);
    Path run = dir.resolve("run");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(DENSE, m, 1);
        Adapter a = new Adapter(model, TTT)) {
      RunManifest manifest = manifest(v);
      assertTrue(VideoRun.run(new VideoTtt(a), new Memory.Online(1), v, false, 0, 3, run,
          manifest, false, () -> false, p -> { }).isPresent());
      assertTrue(Files.exists(run.resolve("summary.md")));
      int[] frames = {0};
      assertTrue(VideoRun.run(new VideoTtt(a), new Memory.Online(1), v, false, 0, 3, run,
          manifest, false, () -> frames[0] == 1, p -> frames[0]++).isEmpty(), "stopped");
    }
    assertEquals(1, lines(run.resolve("records.jsonl")));
    assertFalse(Files.exists(run.resolve("summary.json")));
    assertFalse(Files.exists(run.resolve("summary.md")), "the earlier run's summary is gone");
  }

  @Test
  void aLabelTheModelDoesNotPredictIsItsOwnErrorNamingTheFileAndPixel() {
    VideoFolder v = video(2);
    byte[] l = new byte[28 * 28];
    l[0] = (byte) 255;                            // void: no class needed
    l[30] = 2;                                    // the last class of 3
    ImageFiles.writePng(v.labelFile(1), new Image(28, 28, 1, l));
    VideoRun.requireClasses(v, 3);
    VideoRun.LabelNotPredicted e = assertThrows(VideoRun.LabelNotPredicted.class,
        () -> VideoRun.requireClasses(v, 2));
    assertEquals(v.labelFile(1) + ": label 2 at (y 1, x 2) is no class of the model, which"
        + " predicts 2 (0..1; 255 marks a pixel without a label); give a model trained on these"
        + " classes", e.getMessage());
  }
}
