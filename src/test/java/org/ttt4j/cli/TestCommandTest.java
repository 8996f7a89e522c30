package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;

/** {@code ttt4j test --record}: what it refuses, and what it leaves in the manifest. */
class TestCommandTest {

  @TempDir Path dir;
  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  /** A micro-preset model in a run folder, with a manifest written as an earlier ttt4j did. */
  private Path run(boolean withManifest) throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = YShapedVit.create(MaeConfig.micro(), m, 1)) {
      Checkpoint.save(vit, run.resolve("model.safetensors"), Map.of());
    }
    if (withManifest) {
      Files.writeString(run.resolve("manifest.json"), new GsonBuilder().setPrettyPrinting()
          .serializeNulls().create().toJson(JsonParser.parseString("{\"tool\": \"ttt4j 0.1.0\","
              + " \"configs\": {\"model\": {\"imageSize\": 28, \"mlpRatio\": 4.0}, \"train\":"
              + " {\"seed\": 9007199254740993, \"init\": null}}, \"seed\": 9007199254740993,"
              + " \"metrics\": {\"steps\": 8, \"final_class_loss\": null}}"))
          + "\n");
    }
    return run;
  }

  private String out() {
    return console.out().toString(StandardCharsets.UTF_8);
  }

  @Test
  void recordAddsTheFigureAndLeavesEveryOtherValueAsWritten() throws Exception {
    Path run = run(true);
    String before = Files.readString(run.resolve("manifest.json"));
    assertEquals(0, Main.execute("test", run.toString(), "--record"), console.err().toString());
    String after = Files.readString(run.resolve("manifest.json"));
    String unchanged = before.substring(0, before.indexOf("\"metrics\""));
    assertTrue(after.startsWith(unchanged), "integers stay integers (28, not 28.0), the seed keeps"
        + " its 16 digits:\n" + after);
    assertTrue(after.contains("\"steps\": 8,") && after.contains("\"test_top1\": ")
        && after.contains("\"test_images\": 10000"), after);
    assertTrue(after.contains("\"final_class_loss\": null"), "a null metric (a NaN) keeps its key");
  }

  @Test
  void recordRefusesAnotherDatasetBeforeMeasuring() throws Exception {
    Path run = run(true);
    String before = Files.readString(run.resolve("manifest.json"));
    assertEquals(2, Main.execute("test", run.toString(), "--data", dir.resolve("corrupted")
        .toString(), "--record"));
    assertTrue(console.err().toString().contains("--record keeps the model's Fashion-MNIST"
        + " figure"), console.err().toString());
    assertEquals("", out(), "nothing measured");
    assertEquals(before, Files.readString(run.resolve("manifest.json")));
  }

  @Test
  void recordWithoutAManifestIsRefusedBeforeMeasuring() throws Exception {
    Path run = run(false);
    assertEquals(2, Main.execute("test", run.toString(), "--record"));
    assertTrue(console.err().toString().contains("manifest.json does not exist"),
        console.err().toString());
    assertEquals("", out(), "refused before the measurement, not after it");
  }

  /** A folder of images without class folders has no labels: no accuracy of NaN %, exit 0. */
  @Test
  void unlabelledFramesAreRefusedNotScoredAsNaN() throws Exception {
    Path run = run(false);
    Path frames = Files.createDirectories(dir.resolve("frames"));
    for (int i = 0; i < 2; i++) {
      ImageFiles.writePng(frames.resolve(i + ".png"), new Image(28, 28, 1, new byte[28 * 28]));
    }
    assertEquals(2, Main.execute("test", run.toString(), "--data", frames.toString()));
    assertTrue(console.err().toString().contains(frames + " holds unlabelled images"),
        console.err().toString());
    assertEquals("", out(), "nothing measured");
  }

  @Test
  void colourImagesForAGreyModelSayWhatToConvertThemTo() throws Exception {
    Path run = run(false);
    Path data = Files.createDirectories(dir.resolve("colour"));
    ImageFiles.writePng(data.resolve("cat/0.png"), new Image(32, 32, 3, new byte[32 * 32 * 3]));
    assertEquals(2, Main.execute("test", run.toString(), "--data", data.toString()));
    assertTrue(console.err().toString().contains("takes 28x28 grey images, but " + data
        + " holds 32x32 RGB ones; ttt4j does not resize or convert images: save them as 28x28"
        + " grey, or give a model made for 32x32 RGB"), console.err().toString());
    assertTrue(console.err().toString().contains("(see: ttt4j test --help)")
        && !console.err().toString().contains("--verbose"), "a usage error, as in train: "
        + console.err());
  }

  @Test
  void anEmptyDatasetIsRefusedNotScoredAsNaN() throws Exception {
    Path run = run(false);
    Path data = Files.createDirectories(dir.resolve("empty"));
    org.ttt4j.data.Idx.writeImages(data.resolve("t10k-images-idx3-ubyte.gz"), 0, 28, 28, i -> null);
    org.ttt4j.data.Idx.writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), new int[0]);
    assertEquals(2, Main.execute("test", run.toString(), "--data", data.toString()));
    assertTrue(console.err().toString().contains("holds no images"), console.err().toString());
    assertEquals("", out(), "nothing measured");
  }

  /** A run folder whose manifest says it trained on Fashion-MNIST holding out {@code held}. */
  private Path runHoldingOut(String held) throws Exception {
    Path run = run(false);
    Files.writeString(run.resolve("manifest.json"), "{\"tool\": \"ttt4j 0.1.0\", \"data\":"
        + " {\"source\": \"fashion-mnist\", \"train_images\": \"59900\","
        + " \"validation_images\": \"" + held + "\"}}\n");
    return run;
  }

  @Test
  void splitValMeasuresTheImagesTheModelsRunHeldOutNotTheDefault5000() throws Exception {
    Path run = runHoldingOut("100 (last of the train split)");
    assertEquals(0, Main.execute("test", run.toString(), "--split", "val"),
        console.err().toString());
    assertTrue(out().contains("/val (100 images)"), out());
  }

  @Test
  void aSmallerValIsASubsetOfTheHeldOutImagesAndIsTaken() throws Exception {
    Path run = runHoldingOut("100 (last of the train split)");
    assertEquals(0, Main.execute("test", run.toString(), "--split", "val", "--val", "40"),
        console.err().toString());
    assertTrue(out().contains("/val (40 images)"), out());
  }

  @Test
  void aLargerValThanTheRunHeldOutIsRefusedNamingBoth() throws Exception {
    Path run = runHoldingOut("100 (last of the train split)");
    assertEquals(2, Main.execute("test", run.toString(), "--split", "val", "--val", "5000"));
    String err = console.err().toString();
    assertTrue(err.contains("--val 5000") && err.contains("held out only the last 100")
        && err.contains("4900 of these 5000 were trained on") && err.contains("--val 100"), err);
    assertEquals("", out(), "nothing measured");
  }

  @Test
  void aModelTrainedOnEveryImageHasNoValidationSplit() throws Exception {
    Path run = runHoldingOut("0");
    assertEquals(2, Main.execute("test", run.toString(), "--split", "val"));
    assertTrue(console.err().toString().contains("use --split test"), console.err().toString());
  }

  @Test
  void recordOnTheValidationSplitTakesNoValSinceItKeepsTheWholeSplitsFigure() throws Exception {
    Path run = runHoldingOut("100 (last of the train split)");
    String before = Files.readString(run.resolve("manifest.json"));
    assertEquals(2, Main.execute("test", run.toString(), "--split", "val", "--val", "40",
        "--record"));
    assertTrue(console.err().toString().contains("drop --val"), console.err().toString());
    assertEquals(before, Files.readString(run.resolve("manifest.json")), "nothing recorded");
  }

  @Test
  void aModelTrainedOnARelativePathIsNotedWhenItsSplitCannotBeMatched() throws Exception {
    Path run = run(false);
    Files.writeString(run.resolve("manifest.json"), "{\"tool\": \"ttt4j 0.1.0\", \"data\":"
        + " {\"source\": \"data/shoes\", \"validation_images\": \"100 (last of the train"
        + " split)\"}}\n");
    Path data = Files.createDirectories(dir.resolve("elsewhere"));
    // no dataset there: the note comes before the data is opened, and then the refusal
    Main.execute("test", run.toString(), "--split", "val", "--data", data.toString());
    assertTrue(console.err().toString().contains("was trained on --data data/shoes (relative to"
        + " where that run ran), holding out its last 100 training images"),
        console.err().toString());
  }
}
