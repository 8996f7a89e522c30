package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.FolderLock;

/**
 * `ttt4j video` on videos laid out by hand, as a user's own would be: other sizes and channels,
 * loose frames without labels, label values the model does not know, a second job on one folder,
 * options the strategy ignores. A micro dense model (28x28 grey, 11 classes) keeps each run short.
 */
class VideoCommandInputTest {

  @TempDir Path dir;
  @RegisterExtension final CapturedConsole console = new CapturedConsole();
  private Path model;

  @BeforeEach
  void microDenseModel() {
    model = dir.resolve("seg/model.safetensors");
    MaeConfig c = MaeConfig.micro().withHead(HeadType.DENSE, 0).withNumClasses(11);
    try (NDManager m = NDManager.newBaseManager(); YShapedVit vit = YShapedVit.create(c, m, 1)) {
      Checkpoint.save(vit, model, Map.of());
    }
  }

  /** Frames {@code names} of side x side x channels, and label maps (values 0..2) unless null. */
  private Path video(String name, int side, int channels, List<String> names, Path labels) {
    Path v = dir.resolve(name);
    Random rng = new Random(name.hashCode());
    for (String n : names) {
      byte[] px = new byte[side * side * channels];
      rng.nextBytes(px);
      ImageFiles.writePng(v.resolve("frames").resolve(n), new Image(side, side, channels, px));
      if (labels != null) {
        byte[] l = new byte[side * side];
        for (int i = 0; i < l.length; i++) {
          l[i] = (byte) rng.nextInt(3);
        }
        ImageFiles.writePng(labels.resolve(n), new Image(side, side, 1, l));
      }
    }
    return v;
  }

  private Path labelled(String name, int frames) {
    List<String> names = new ArrayList<>();
    for (int t = 0; t < frames; t++) {
      names.add(String.format("%05d.png", t));
    }
    return video(name, 28, 1, names, dir.resolve(name).resolve("labels"));
  }

  private int video(String... args) {
    List<String> all = new ArrayList<>(List.of("video", "--model", model.toString(), "--batch",
        "2"));
    all.addAll(Arrays.asList(args));
    return Main.execute(all.toArray(String[]::new));
  }

  private String err() {
    return console.err().toString(StandardCharsets.UTF_8);
  }

  @Test
  void theTableOfTheVideosReachesStandardOutput() {
    Path v = labelled("clip", 3);
    assertEquals(0, video("--videos", v.toString(), "--strategy", "fixed", "--out",
        dir.resolve("run").toString()));
    String out = console.out().toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("| video | strategy |") && out.contains("| clip | fixed | 3 |"),
        "the summary table is printed, not only written: '" + out + "'");
  }

  @Test
  void framesTheModelCannotReadAreRefusedByShapeBeforeAnythingIsWritten() {
    List<String> names = List.of("00000.png", "00001.png");
    Path rgb = video("rgb", 28, 3, names, dir.resolve("rgb/labels"));
    Path big = video("big", 32, 1, names, dir.resolve("big/labels"));
    for (Path v : List.of(rgb, big)) {
      console.err().reset();
      Path out = dir.resolve("run-" + v.getFileName());
      assertEquals(2, video("--videos", v.toString(), "--strategy", "online", "--out",
          out.toString()));
      String said = v == rgb ? "holds 28x28 RGB ones" : "holds 32x32 grey ones";
      assertTrue(err().contains("takes 28x28 grey images, but " + v.resolve("frames") + " " + said),
          err());
      assertFalse(Files.exists(out), "nothing written for a run that cannot start");
      assertTrue(err().contains("(see: ttt4j video --help)") && !err().contains("--verbose"),
          "a usage error, as in train: " + err());
    }
  }

  /** A classifier given to `video`, which segments: a usage error (2), as in train and test. */
  @Test
  void aClassificationModelIsAUsageError() {
    Path linear = dir.resolve("linear.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = YShapedVit.create(MaeConfig.micro(), m, 1)) {
      Checkpoint.save(vit, linear, Map.of());
    }
    Path v = labelled("clip", 2);
    Path out = dir.resolve("run");
    assertEquals(2, Main.execute("video", "--model", linear.toString(), "--videos", v.toString(),
        "--strategy", "fixed", "--out", out.toString()));
    assertTrue(err().contains(linear + " has a LINEAR head, not a dense one; give a segmentation"
        + " model"), err());
    assertTrue(err().contains("(see: ttt4j video --help)"), err());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void looseFramesWithoutLabelsAreSegmentedNotScored() throws Exception {
    // unsorted, unpadded names: frame_2 comes before frame_10
    Path loose = dir.resolve("loose");
    video("loose-src", 28, 1, List.of("frame_1.png", "frame_10.png", "frame_2.png"), null);
    Files.move(dir.resolve("loose-src/frames"), loose);
    Path out = dir.resolve("run");
    assertEquals(0, video("--videos", loose.toString(), "--strategy", "online", "--out",
        out.toString()));
    assertTrue(err().contains("note: loose has no labels/"), err());
    try (var s = Files.list(out.resolve("loose/predicted"))) {
      assertEquals(3, s.count(), "every frame's mask is written");
    }
    List<String> records = Files.readAllLines(out.resolve("loose/records.jsonl"));
    assertEquals(List.of("frame_1.png", "frame_2.png", "frame_10.png"), records.stream()
        .map(r -> r.replaceAll(".*\"file\":\"([^\"]+)\".*", "$1")).toList(), "natural order");
    assertTrue(records.get(0).contains("\"miou\":null"), records.get(0));
    String table = console.out().toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("| loose | online | 3 | no labels | no labels |"), table);

    // the same with frames/ and no labels/; the strip draws frames and masks, no truth row
    Path framesOnly = video("frames-only", 28, 1, List.of("a.png", "b.png"), null);
    assertEquals(0, video("--videos", framesOnly.toString(), "--strategy", "fixed", "--out",
        out.toString()));
    assertEquals(0, Main.execute("video", "figures", "--video", framesOnly.toString(),
        "--strip-runs", "fixed=" + out.resolve("frames-only"), "--strip",
        dir.resolve("strip.png").toString()));
    assertTrue(Files.size(dir.resolve("strip.png")) > 0);
  }

  /** A usage error (exit 2, as a model of another size is): the model and videos do not match. */
  @Test
  void aLabelTheModelDoesNotPredictIsNamedWithItsFileBeforeAnyVideoRuns() {
    labelled("videos/a-fine", 2);
    Path v = labelled("videos/b-clip", 3);
    byte[] l = new byte[28 * 28];
    l[5] = (byte) 255;                  // void: allowed
    ImageFiles.writePng(v.resolve("labels/00000.png"), new Image(28, 28, 1, l));
    l[40] = 20;                         // no class of an 11-class model
    ImageFiles.writePng(v.resolve("labels/00001.png"), new Image(28, 28, 1, l));
    Path out = dir.resolve("run");
    assertEquals(2, video("--videos", dir.resolve("videos").toString(), "--strategy", "online",
        "--out", out.toString()), err());
    assertTrue(err().contains(v.resolve("labels/00001.png") + ": label 20 at (y 1, x 12) is no"
        + " class of the model, which predicts 11 (0..10; 255 marks a pixel without a label);"
        + " give a model trained on these classes"), err());
    assertTrue(err().contains("(see: ttt4j video --help)"), err());
    assertFalse(Files.exists(out.resolve("a-fine")), "refused before the video before it ran");
    assertFalse(Files.exists(out.resolve("b-clip")), "refused before any frame");
    assertFalse(Files.exists(out), "no --out folder, no lock in it");
    assertFalse(err().contains("video(s), 5 frames"), "no settings line: " + err());

    ImageFiles.writePng(v.resolve("labels/00001.png"), new Image(28, 28, 1, new byte[28 * 28]));
    assertEquals(0, video("--videos", v.toString(), "--strategy", "fixed", "--out",
        out.toString()), "255 marks a pixel without a label");
  }

  @Test
  void anOutThatIsAFileIsAUsageErrorSayingSo() throws Exception {
    Path v = labelled("clip", 2);
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    assertEquals(2, video("--videos", v.toString(), "--strategy", "fixed", "--out",
        file.toString()));
    assertTrue(err().contains("--out " + file + " is a file, not a folder; give a new folder path"),
        err());
    assertTrue(err().contains("(see: ttt4j video --help)"), err());
    assertEquals("x", Files.readString(file), "left as it was");
  }

  /**
   * A frame the model cannot read further on in a video is refused as the first one is: before
   * the settings line, and with no --out folder (nor its lock) left behind.
   */
  @Test
  void aLaterFrameOfAnotherChannelCountIsRefusedBeforeTheRunStarts() {
    Path v = labelled("clip", 3);
    ImageFiles.writePng(v.resolve("frames/00002.png"), new Image(28, 28, 3, new byte[28 * 28 * 3]));
    Path out = dir.resolve("run");
    assertEquals(2, video("--videos", v.toString(), "--strategy", "online", "--out",
        out.toString()), err());
    assertTrue(err().contains(v.resolve("frames/00002.png") + " has 3 channels, but 00000.png"
        + " has 1"), err());
    assertTrue(err().contains("(see: ttt4j video --help)"), err());
    assertFalse(err().contains("video(s), 3 frames"), "no settings line: " + err());
    assertEquals("", console.out().toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(out), "no --out folder, no lock in it");
  }

  @Test
  void memoryValuesOutOfRangeAreUsageErrors() {
    Path v = labelled("clip", 2);
    for (String[] given : new String[][] {{"--strategy", "window", "--k", "0"},
        {"--strategy", "online", "--steps", "0"}, {"--strategy", "offline", "--epochs", "0"},
        {"--strategy", "online", "--print-memory-every", "-1"},
        {"--strategy", "online", "--params", "head"}}) {
      console.err().reset();
      List<String> args = new ArrayList<>(Arrays.asList(given));
      args.addAll(List.of("--videos", v.toString(), "--out", dir.resolve("run").toString()));
      assertEquals(2, video(args.toArray(String[]::new)), String.join(" ", given) + ": " + err());
      assertTrue(err().contains("(see: ttt4j video --help)"), err());
    }
    assertFalse(Files.exists(dir.resolve("run")));
  }

  @Test
  void aSecondJobOnTheSameOutIsRefused() {
    Path v = labelled("clip", 2);
    Path out = dir.resolve("run");
    try (FolderLock busy = FolderLock.acquire(out)) {
      assertEquals(1, video("--videos", v.toString(), "--strategy", "fixed", "--out",
          out.toString()));
    }
    assertTrue(err().contains("is being written by another ttt4j job"), err());
    assertFalse(Files.exists(out.resolve("clip")));
  }

  /**
   * An option the strategy would ignore is a usage error naming it and the strategies it is for,
   * as in `ttt4j eval`; fixed takes the options every adapting strategy shares (a sweep passes
   * the same ones to all), as eval's fixed does.
   */
  @Test
  void optionsTheStrategyIgnoresAreUsageErrorsThatWriteNothing() {
    Path v = labelled("clip", 2);
    Path out = dir.resolve("run");
    String[][] refused = {{"fixed", "--k", "4"}, {"online", "--window", "0"},
        {"no-memory", "--k", "16"}, {"online", "--epochs", "0"}, {"window", "--epochs", "2"},
        {"fixed", "--epochs", "1"}, {"offline", "--steps", "0"}, {"offline", "--steps", "3"}};
    String[] says = {"--k is the window of --strategy window", "--k is the window of",
        "--k is the window of", "--epochs is of --strategy offline", "--epochs is of",
        "--epochs is of", "--steps is of no-memory, online and window", "--steps is of"};
    for (int i = 0; i < refused.length; i++) {
      console.err().reset();
      String what = String.join(" ", refused[i]);
      assertEquals(2, video("--videos", v.toString(), "--strategy", refused[i][0], refused[i][1],
          refused[i][2], "--out", out.toString()), what + ": " + err());
      assertTrue(err().contains(says[i]) && err().contains(", not of --strategy "
          + refused[i][0] + ", so the value would be ignored"), what + ": " + err());
      assertTrue(err().contains("(see: ttt4j video --help)"), err());
      assertFalse(err().contains("note:"), what + ": " + err());
      assertFalse(Files.exists(out), what + ": nothing written");
    }
    assertEquals(0, video("--videos", v.toString(), "--strategy", "fixed", "--steps", "2",
        "--lr", "0.02", "--out", out.toString()), err());
  }

  /**
   * Fixed takes the TTT options a sweep passes to every strategy, and says once which of those
   * given it ignores (by the name typed), with eval's words; nothing when none was given.
   */
  @Test
  void fixedSaysOnceWhichOfTheTttOptionsGivenItIgnores() {
    Path v = labelled("clip", 2);
    assertEquals(0, video("--videos", v.toString(), "--strategy", "fixed", "--steps", "2",
        "--group", "norms", "--lr", "0.02", "--out", dir.resolve("fixed").toString()), err());
    // (--batch 2 comes first: every command of this test gives it)
    String note = "note: --strategy fixed does not adapt, so --batch, --steps, --group, --lr are"
        + " ignored";
    assertTrue(err().contains(note + System.lineSeparator()), err());
    assertEquals(err().indexOf("note:"), err().lastIndexOf("note:"), "one note: " + err());

    console.err().reset();
    assertEquals(0, Main.execute("video", "--model", model.toString(), "--videos", v.toString(),
        "--strategy", "fixed", "--out", dir.resolve("bare").toString()), err());
    assertFalse(err().contains("note:"), err());
  }

  /** Notes on values that are legal but worth a word stay notes; the run goes on. */
  @Test
  void labelsWithoutFramesAndAWindowLongerThanTheVideoAreSaid() throws Exception {
    Path v = labelled("clip", 3);
    Files.delete(v.resolve("frames/00002.png"));      // its label map stays behind
    assertEquals(0, video("--videos", v.toString(), "--strategy", "window", "--k", "5", "--out",
        dir.resolve("run-w").toString()));
    assertTrue(err().contains("warning: clip: 1 label map(s) in labels/ belong to no frame and"
        + " are not read (00002.png)"), err());
    assertTrue(err().contains("note: the window k = 5 is longer than clip (2 frames)"), err());
  }

  @Test
  void aRerunNamesTheSettingThatDiffersAndTheVideoItWasMadeOn() {
    Path a = labelled("a/clip", 2);
    Path b = labelled("b/clip", 2);
    Path out = dir.resolve("run");
    assertEquals(0, video("--videos", a.toString(), "--strategy", "online", "--out",
        out.toString()));
    Map<String, String> finished = FolderContents.of(out);
    assertFalse(finished.containsKey(".lock"), "the run left no .lock: " + finished);
    assertEquals(2, video("--videos", a.toString(), "--strategy", "online", "--lr", "0.02",
        "--out", out.toString()));
    assertTrue(err().contains("made with other settings (ttt.optimizer.lr: 0.005 there, 0.02"
        + " now)"), err());
    assertEquals(finished, FolderContents.of(out), "refused under its lock, left as it was");
    console.err().reset();
    assertEquals(2, video("--videos", a.toString(), "--strategy", "online", "--steps", "2",
        "--out", out.toString()));
    assertTrue(err().contains("made with other settings (memory.steps: 1 there, 2 now)"), err());
    console.err().reset();
    assertEquals(2, video("--videos", b.toString(), "--strategy", "online", "--out",
        out.toString()), "another video of the same name is not the finished one");
    assertTrue(err().contains("holds a finished run of the video " + a), err());
    assertEquals(finished, FolderContents.of(out));
  }

  @Test
  void savePredictionsOnARerunRunsAKeptVideoAgainWithItsMasks() throws Exception {
    Path v = labelled("clip", 2);
    Path out = dir.resolve("run");
    assertEquals(0, video("--videos", v.toString(), "--strategy", "fixed", "--out",
        out.toString()));
    assertFalse(Files.exists(out.resolve("clip/predicted")));
    assertEquals(0, video("--videos", v.toString(), "--strategy", "fixed", "--save-predictions",
        "--out", out.toString()));
    assertTrue(Files.isRegularFile(out.resolve("clip/predicted/00001.png")),
        "a kept video without masks would leave `video figures` nothing to draw");
  }

  @Test
  void theShippedSegmentationModelIsTheDefault() {
    Path v = video("clip32", 32, 1, List.of("0.png"), dir.resolve("clip32/labels"));
    assertEquals(0, Main.execute("video", "--videos", v.toString(), "--strategy", "fixed",
        "--out", dir.resolve("run").toString()), err());
    assertTrue(err().contains("fixed clip32: mIoU"), err());
  }

  @Test
  void videoMakeNeverWritesIntoAnotherVideo() throws Exception {
    Path stale = dir.resolve("videos/video-000/frames/00299.png");
    ImageFiles.writePng(stale, new Image(32, 32, 1, new byte[32 * 32]));
    assertEquals(2, Main.execute("video", "make", "--out", dir.resolve("videos").toString(),
        "--videos", "1", "--frames", "3"));
    assertTrue(err().contains("video-000 already holds files"), err());
    assertTrue(Files.exists(stale));
    assertFalse(Files.exists(dir.resolve("videos/video-000/frames/00000.png")),
        "the old frames would have mixed with the new ones");
  }

  @Test
  void theHelpTextsFormatCleanly() {
    for (String[] help : new String[][] {{"video", "--help"}, {"video", "make", "--help"},
        {"video", "figures", "--help"}}) {
      console.err().reset();
      assertEquals(0, Main.execute(help));
      assertFalse(err().contains("picocli WARN"), String.join(" ", help) + ": " + err());
    }
  }
}
