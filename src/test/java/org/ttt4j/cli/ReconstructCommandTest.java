package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.FashionMnist;

/** {@code ttt4j reconstruct}: its usage errors, before any model loads. */
class ReconstructCommandTest {

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @TempDir Path dir;

  @Test
  void anOutThatIsAFolderIsAUsageErrorSuggestingAFile() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("dd"));
    assertEquals(2, Main.execute("reconstruct", "--out", folder.toString()));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("--out " + folder + " is a folder; give a file path, e.g. "
        + folder.resolve("reconstruction.png")), err);
  }

  @Test
  void aCountOutsideOneSheetIsAUsageErrorGivingTheRange() {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    Path out = dir.resolve("r.png");
    for (String count : new String[] {"20000", "65", "0", "-1"}) {
      console.err().reset();
      assertEquals(2, Main.execute("reconstruct", "--count", count, "--out", out.toString()),
          count);
      String err = console.err().toString(StandardCharsets.UTF_8);
      assertTrue(err.contains("--count " + count + " is out of range; give 1..64"), err);
      assertTrue(Files.notExists(out));
    }
  }
  @Test
  void drawsTheImagesOfAnyDatasetTheModelTakes() throws Exception {
    // the video model takes 32x32 frames, which Fashion-MNIST (the only data before) is not; one
    // frame: the default count shrinks to it instead of "--count 8 is out of range; give 1..1"
    Path model = Path.of(System.getProperty("ttt4j.root", "."), "models", "fmnist-video");
    assumeTrue(Files.isRegularFile(model.resolve("model.safetensors")), "shipped video model");
    Path frames = dir.resolve("frames");
    byte[] px = new byte[32 * 32];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7);
    }
    org.ttt4j.data.ImageFiles.writePng(frames.resolve("000.png"),
        new org.ttt4j.data.Image(32, 32, 1, px));
    Path out = dir.resolve("r.png");
    assertEquals(0, Main.execute("reconstruct", model.toString(), "--data", frames.toString(),
        "--out", out.toString()), console.err().toString(StandardCharsets.UTF_8));
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.toFile());
    assertTrue(png.getWidth() > 150 && png.getHeight() > 3 * 32, png.toString());
  }
}
