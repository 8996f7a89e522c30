package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.ttt.video.Memory;

/** End to end on a tiny scale: video make → train seg → video (window) → files. */
class VideoCommandTest {

  @TempDir Path dir;
  @org.junit.jupiter.api.extension.RegisterExtension final CapturedConsole console =
      new CapturedConsole();

  @Test
  void makingZeroVideosOrFramesIsAUsageErrorThatWritesNothing() {
    Path videos = dir.resolve("videos");
    for (String[] given : new String[][] {{"--videos", "0"}, {"--frames", "-1"}}) {
      console.err().reset();
      assertEquals(2, Main.execute("video", "make", "--out", videos.toString(), given[0],
          given[1]), String.join(" ", given));
      String err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(err.contains(given[0] + " " + given[1] + " makes nothing; give 1 or more"), err);
      assertTrue(Files.notExists(videos));
    }
  }

  @Test
  void aVideoShapeOutsideItsRangeIsAUsageErrorBeforeAnythingLoads() {
    Path videos = dir.resolve("videos");
    for (String[] given : new String[][] {{"--side", "8"}, {"--shift", "3"},
        {"--garments", "2-9"}}) {
      console.err().reset();
      assertEquals(2, Main.execute("video", "make", "--out", videos.toString(), given[0],
          given[1]), String.join(" ", given));
      assertTrue(Files.notExists(videos), String.join(" ", given));
    }
  }

  /** Old manifests hold whole numbers as 28.0: they compare as 28, and every side prints 28. */
  @Test
  void settingsThatDifferPrintWholeNumbersAsIntegers() {
    Map<String, Object> there = Map.of("memory", Map.of("k", 30.0, "steps", 1.0), "ttt",
        Map.of("lr", 0.005, "batch", 8.0));
    Map<String, Object> now = Map.of("memory", new Memory.Window(16, 1), "ttt",
        Map.of("lr", 0.02, "batch", 8));
    assertEquals(List.of("memory.k: 30 there, 16 now", "ttt.lr: 0.005 there, 0.02 now"),
        VideoCommand.differences(there, now).stream().sorted().toList());
    assertEquals(List.of(), VideoCommand.differences(Map.of("shuffle", false, "memory",
        Map.of("k", 28.0, "steps", 1)), Map.of("shuffle", false, "memory",
        new Memory.Window(28, 1))), "28.0 and 28 are one setting");
  }

  @Test
  void makeTrainAndRunAVideo() throws Exception {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    Path videos = dir.resolve("videos");
    assertEquals(0, Main.execute("video", "make", "--out", videos.toString(), "--videos", "2",
        "--frames", "6", "--side", "28", "--seed", "3"));
    assertTrue(Files.isRegularFile(videos.resolve("video-001/labels/00005.png")));
    Path seg = dir.resolve("seg");
    assertEquals(0, Main.execute("train", "seg", "--videos", videos.toString(), "--preset",
        "micro", "--init", "none", "--steps", "2", "--batch", "2", "--warmup", "0", "--out",
        seg.toString()));
    assertEquals(2, Main.execute("train", "seg", "--videos", videos.toString(), "--preset",
        "micro", "--init", "none", "--steps", "2", "--batch", "2", "--warmup", "0", "--out",
        seg.toString()), "a trained model is never overwritten");
    assertTrue(Files.isRegularFile(seg.resolve("history.csv")));
    Path runs = dir.resolve("runs");
    assertEquals(0, Main.execute("video", "--model", seg.resolve("model.safetensors").toString(),
        "--videos", videos.toString(), "--strategy", "window", "--k", "2", "--batch", "2",
        "--print-memory-every", "4", "--out", runs.toString()));
    assertEquals(6, Files.readAllLines(runs.resolve("video-000/records.jsonl")).size());
    assertTrue(Files.isRegularFile(runs.resolve("video-001/manifest.json")));
    String summary = Files.readString(runs.resolve("summary.md"));
    assertTrue(summary.contains("window-k2") && summary.contains("mean ± 95% CI"), summary);
    String err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(err.contains("12/12") && err.contains("frames/s"), "a bar over all frames: " + err);
    assertTrue(err.contains("window-k2 video-001: mIoU"), "a line per video: " + err);
    assertTrue(err.contains("memory start: rss") && err.contains("memory frame 12: rss")
        && err.contains("memory end: rss"), err);

    // offline adapts on every frame before predicting: its bar counts those steps as well
    console.err().reset();
    assertEquals(0, Main.execute("video", "--model", seg.toString(),     // a run folder
        "--videos", videos.toString(), "--strategy", "offline", "--batch", "2",
        "--out", dir.resolve("offline").toString()));
    err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(err.contains("24/24") && err.contains("steps+frames/s"), err);

    // the same command again: finished videos are kept, not overwritten; a stopped one reruns
    String before = Files.readString(runs.resolve("video-000/records.jsonl"));
    Files.delete(runs.resolve("video-001/manifest.json"));          // as if stopped mid-video
    console.err().reset();
    assertEquals(0, Main.execute("video", "--model", seg.resolve("model.safetensors").toString(),
        "--videos", videos.toString(), "--strategy", "window", "--k", "2", "--batch", "2",
        "--print-memory-every", "4", "--out", runs.toString()));
    err = console.err().toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(err.contains("video-000: finished before with these settings, kept"), err);
    assertFalse(err.contains("video-001: finished before"), "the stopped video runs again: " + err);
    assertEquals(before, Files.readString(runs.resolve("video-000/records.jsonl")));
    String table = Files.readString(runs.resolve("summary.md"));
    assertTrue(table.contains("| video-000 |") && table.contains("| video-001 |"),
        "the table has the kept video and the rerun one: " + table);
    assertEquals(2, Main.execute("video", "--model", seg.toString(), "--videos",
        videos.toString(), "--strategy", "window", "--k", "4", "--batch", "2", "--out",
        runs.toString()), "other settings never overwrite a finished run");
    assertEquals(before, Files.readString(runs.resolve("video-000/records.jsonl")));

    // figures: the k plot from run folders; every incomplete or wrong request is a usage error
    Path plot = dir.resolve("k.png");
    String offline = dir.resolve("offline").toString();
    Path k1 = dir.resolve("k1");
    assertEquals(0, Main.execute("video", "--model", seg.toString(), "--videos",
        videos.toString(), "--strategy", "window", "--k", "1", "--batch", "2", "--out",
        k1.toString()));
    assertEquals(2, Main.execute("video", "figures"), "nothing asked: nothing would be drawn");
    assertEquals(2, Main.execute("video", "figures", "--k-runs", "2=" + runs),
        "--k-runs without --k-plot");
    assertEquals(2, Main.execute("video", "figures", "--k-runs", "2=" + runs + ",2=" + offline,
        "--k-plot", plot.toString()), "k = 2 twice");
    assertEquals(2, Main.execute("video", "figures", "--k-runs", "2=" + dir.resolve("nothing"),
        "--k-plot", plot.toString()));
    assertEquals(2, Main.execute("video", "figures", "--video",
        videos.resolve("video-000").toString(), "--strip-runs",
        "w=" + runs.resolve("video-000"), "--strip", dir.resolve("s.png").toString()),
        "a run made without --save-predictions has no masks to draw");
    console.err().reset();
    assertEquals(2, Main.execute("video", "figures", "--k-runs", "2=" + runs + ",16=" + offline,
        "--k-plot", plot.toString()), "an offline run is no point of the k plot");
    assertTrue(console.err().toString(java.nio.charset.StandardCharsets.UTF_8).contains(
        "holds an offline run (video-000), not one of window k = 16"));
    assertEquals(2, Main.execute("video", "figures", "--k-runs", "1=" + dir.resolve("online-b")
        + ",2=" + runs, "--k-plot", plot.toString()), "a missing folder");
    assertTrue(Files.notExists(plot) && Files.notExists(dir.resolve("s.png")));
    assertEquals(0, Main.execute("video", "figures", "--k-runs", "1=" + k1 + ",2=" + runs,
        "--k-plot", plot.toString()));
    assertTrue(Files.size(plot) > 0);
    // a run with another lr, or over other videos, is refused by name
    assertEquals(0, Main.execute("video", "--model", seg.toString(), "--videos",
        videos.resolve("video-000").toString(), "--strategy", "window", "--k", "4", "--batch",
        "2", "--out", dir.resolve("k4-one").toString()));
    console.err().reset();
    assertEquals(2, Main.execute("video", "figures", "--k-runs", "2=" + runs + ",4="
        + dir.resolve("k4-one"), "--k-plot", plot.toString()));
    assertTrue(console.err().toString(java.nio.charset.StandardCharsets.UTF_8).contains(
        "every k needs the same videos"));
    assertEquals(0, Main.execute("video", "--model", seg.toString(), "--videos",
        videos.toString(), "--strategy", "window", "--k", "4", "--batch", "2", "--lr", "0.02",
        "--out", dir.resolve("k4-lr").toString()));
    console.err().reset();
    assertEquals(2, Main.execute("video", "figures", "--k-runs", "2=" + runs + ",4="
        + dir.resolve("k4-lr"), "--k-plot", plot.toString()));
    assertTrue(console.err().toString(java.nio.charset.StandardCharsets.UTF_8).contains(
        "ttt.optimizer.lr: 0.005 at k = 2, 0.02 at k = 4"));
  }
}
