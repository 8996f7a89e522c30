package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped frost textures are the reference's bytes, and they pre-scale as OpenCV does. */
class FrostTexturesTest {
  /** OpenCV-made examples (shared/data/frost/prescaled), present in the development checkout. */
  private static final Path PRESCALED = Path.of("..", "shared", "data", "frost", "prescaled");

  @Test
  void everyTextureMatchesItsSha256Sum() throws IOException, NoSuchAlgorithmException {
    Map<String, String> sums = new LinkedHashMap<>();
    try (InputStream in = resource("SHA256SUMS")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.isBlank()) {
          String[] parts = line.trim().split("\\s+");
          sums.put(parts[1], parts[0]);
        }
      }
    }
    assertEquals(FrostTextures.FILES.length, sums.size(), "one SHA256SUMS line per texture");
    for (String file : FrostTextures.FILES) {
      try (InputStream in = resource(file)) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
        assertEquals(sums.get(file), HexFormat.of().formatHex(digest), file);
      }
    }
  }

  @Test
  void frostTwoAndThreeDecodeToTheSamePixels() {
    FrostTextures.Texture two = FrostTextures.decode("frost2.png");
    FrostTextures.Texture three = FrostTextures.decode("frost3.png");
    assertEquals(java.util.Arrays.hashCode(two.values()), java.util.Arrays.hashCode(three.values()));
  }

  @ParameterizedTest(name = "frost{0} s{1} {2}")
  @CsvSource({
    "1,224,rgb", "2,224,rgb", "3,224,rgb", "4,224,rgb", "5,224,rgb", "6,224,rgb",
    "1,224,luma", "4,224,luma",
    "1,32,rgb", "2,32,rgb", "3,32,rgb", "4,32,rgb", "5,32,rgb", "6,32,rgb",
    "1,32,luma", "2,32,luma", "3,32,luma", "4,32,luma", "5,32,luma",
    "1,64,rgb", "2,64,rgb", "3,64,rgb", "4,64,rgb", "5,64,rgb", "6,64,rgb",
    "1,64,luma", "2,64,luma", "3,64,luma", "4,64,luma", "5,64,luma"
  })
  void prescaledTextureMatchesOpenCv(int number, int table, String kind) throws IOException {
    Path expectedFile = PRESCALED.resolve("frost" + number + "_s" + table + "_" + kind + ".png");
    assumeTrue(Files.isRegularFile(expectedFile), "no OpenCV examples at " + expectedFile);
    double scale = table == 224 ? 1.0 : (table == 64 ? 0.3 : 0.2);
    FrostTextures.Texture ours = FrostTextures.get(number - 1, scale, kind.equals("luma"));
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(expectedFile.toFile());
    assertEquals(png.getHeight(), ours.height(), "height");
    assertEquals(png.getWidth(), ours.width(), "width");
    java.awt.image.Raster r = png.getRaster();
    int bands = r.getNumBands();
    int[] samples = r.getPixels(0, 0, png.getWidth(), png.getHeight(), (int[]) null);
    int differing = 0;
    int worst = 0;
    int c = ours.channels();
    for (int p = 0; p < ours.height() * ours.width(); p++) {
      for (int k = 0; k < c; k++) {
        int diff = Math.abs(samples[p * bands + k] - ours.values()[p * c + k]);
        differing += diff != 0 ? 1 : 0;
        worst = Math.max(worst, diff);
      }
    }
    assertEquals(0, differing, "values differing from OpenCV (worst by " + worst + ")");
  }

  private static InputStream resource(String file) {
    InputStream in = FrostTextures.class.getResourceAsStream(FrostTextures.FOLDER + file);
    assertNotNull(in, "missing resource " + FrostTextures.FOLDER + file);
    return in;
  }
}
