package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Idx;
import org.ttt4j.data.Image;

class CorruptCommandTest {

  @TempDir Path dir;
  @RegisterExtension final CapturedConsole console = new CapturedConsole();
  private final ByteArrayOutputStream err = console.err();
  private final ByteArrayOutputStream out = console.out();

  private Path tinyIdx() {
    Path data = dir.resolve("data");
    Random rng = new Random(1);
    Image[] im = new Image[6];
    for (int i = 0; i < im.length; i++) {
      byte[] px = new byte[28 * 28];
      rng.nextBytes(px);
      im[i] = new Image(28, 28, 1, px);
    }
    Idx.writeImages(data.resolve("t10k-images-idx3-ubyte.gz"), 6, 28, 28, i -> im[i]);
    Idx.writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {0, 1, 2, 3, 4, 5});
    return data;
  }

  @Test
  void writesEveryAvailableCorruptionAndReportsTheOthers() throws Exception {
    Path set = dir.resolve("set");
    String[] names = {"brightness", "contrast"};
    int rc = Main.execute("corrupt", "--data", tinyIdx().toString(), "--limit", "4", "--corruptions",
        String.join(",", names), "--levels", "1-5", "--out", set.toString(), "--threads", "2");
    String errText = err.toString(StandardCharsets.UTF_8);
    assertTrue(Files.isRegularFile(set.resolve("manifest.json")), errText);
    String manifest = Files.readString(set.resolve("manifest.json"));
    assertTrue(manifest.contains("\"images\": 4"), manifest);
    int available = 0;
    for (String c : names) {
      if (Files.isRegularFile(set.resolve(c + "/5/images-idx3-ubyte.gz"))) {
        available++;
        assertTrue(manifest.contains(c + "/5/labels-idx1-ubyte.gz"), manifest);
      } else {
        assertTrue(errText.contains("not available: " + c), errText);
      }
    }
    assertEquals(available == 0 ? 1 : 0, rc, errText);
    if (available > 0) {
      assertTrue(Files.isRegularFile(set.resolve("contact_sheet.png")));
      err.reset();
      assertEquals(0, Main.execute("corrupt", "--data", tinyIdx().toString(), "--limit", "4",
          "--corruptions", String.join(",", names), "--levels", "1-5", "--out", set.toString()));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("already written"), err.toString());
    }
  }

  @Test
  void unknownDataPathIsAOneLineError() {
    int rc = Main.execute("corrupt", "--data", dir.resolve("nowhere").toString(), "--out", dir.resolve("o").toString());
    assertEquals(1, rc);
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("nowhere: no such file or folder; pass 'fashion-mnist' or"), e);
  }

  @Test
  void outHoldingASetOfAnotherSeedIsAUsageError() {
    Path set = dir.resolve("set");
    String data = tinyIdx().toString();
    assertEquals(0, Main.execute("corrupt", "--data", data, "--corruptions", "brightness",
        "--levels", "1", "--out", set.toString(), "--threads", "1"), err.toString());
    err.reset();
    int rc = Main.execute("corrupt", "--data", data, "--corruptions", "brightness", "--levels", "1",
        "--seed", "1", "--out", set.toString(), "--threads", "1");
    assertEquals(2, rc, err.toString());
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("holds a set made with other settings (seed: 0 there, 1 now);"
        + " choose another --out or delete it"), e);
  }

  @Test
  void outThatIsAFileIsAUsageErrorWithoutInternalPaths() throws Exception {
    Path file = Files.writeString(dir.resolve("out.txt"), "x");
    int rc = Main.execute("corrupt", "--data", tinyIdx().toString(), "--corruptions", "brightness",
        "--levels", "1", "--out", file.toString(), "--threads", "1");
    assertEquals(2, rc, err.toString());
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("--out " + file + " is a file, not a folder; give a folder path"), e);
    assertTrue(!e.contains(".partial"), e);
  }

  @Test
  void unknownCorruptionSuggestsTheClosestName() {
    int rc = Main.execute("corrupt", "--data", tinyIdx().toString(), "--corruptions", "gausian_noise",
        "--out", dir.resolve("o").toString());
    assertEquals(2, rc, "a wrong name is a usage error");
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("did you mean 'gaussian_noise'"), err.toString());
  }

  @Test
  void benchIsAParentCommandWithCorruptChild() {
    assertEquals(2, Main.execute("bench"), "a parent without a subcommand is a usage error");
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("corrupt"), err.toString());
    assertEquals(0, Main.execute("bench", "corrupt", "--corruptions", "fog", "--seconds", "0.05"));
    assertEquals(0, Main.execute("bench", "corrupt", "--corruptions", "fog", "--min-time", "0.05"),
        "--min-time, as bench step and bench train name it");
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("fog"), out.toString());
  }
  @Test
  void zeroThreadsIsAUsageErrorNamingTheOption() {
    // was exit 1 with "threads must be at least 1, got 0", which names no option
    int rc = Main.execute("corrupt", "--data", tinyIdx().toString(), "--corruptions", "brightness",
        "--levels", "1", "--threads", "0", "--out", dir.resolve("o").toString());
    assertEquals(2, rc, err.toString());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--threads must be at least 1, got 0"),
        err.toString());
  }

  @Test
  void splitValPointsAtTheValFolderOfAnImageNetLayout() {
    // ImageNet ships train/ and val/; --split val was "unknown split 'val'; use train or test"
    int rc = Main.execute("corrupt", "--data", dir.resolve("imagenet").toString(), "--split",
        "val", "--out", dir.resolve("o").toString());
    assertEquals(2, rc, err.toString());
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("--data " + dir.resolve("imagenet").resolve("val")), e);
  }

  @Test
  void benchRefusesATimeThatMeasuresNothing() {
    for (String s : new String[] {"0", "-1", "NaN"}) {
      err.reset();
      assertEquals(2, Main.execute("bench", "corrupt", "--corruptions", "fog", "--seconds", s), s);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("give a positive number of"
          + " seconds"), err.toString());
    }
  }
  @Test
  void colourDataInTheDefaultIdxFormatIsAUsageErrorBeforeAnyImageIsLoaded() throws Exception {
    // was exit 1 once every clean image was in memory (ImageNet's val: 7.5 GB first)
    Path data = dir.resolve("colour");
    for (int i = 0; i < 3; i++) {
      org.ttt4j.data.ImageFiles.writePng(data.resolve("a/" + i + ".png"),
          new Image(32, 32, 3, new byte[32 * 32 * 3]));
    }
    int rc = Main.execute("corrupt", "--data", data.toString(), "--corruptions", "brightness",
        "--levels", "1", "--out", dir.resolve("o").toString());
    assertEquals(2, rc, err.toString());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("the idx format holds grey images,"
        + " but the data are 32x32x3; use --format npy or png"), err.toString());
  }
}
