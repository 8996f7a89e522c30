package org.ttt4j.data.corruptions;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.ttt4j.data.Image;

/**
 * Inputs of the reference statistics: the first Fashion-MNIST test images (read with a small
 * private IDX reader; the library's own loader lives in {@code org.ttt4j.data}) and the JSON of
 * {@code shared/specs}.
 */
final class ReferenceFixtures {
  static final Path FASHION_MNIST_TEST =
      Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
  static final Path REF_STATS_28G =
      Path.of("..", "shared", "specs", "corruption_ref_stats_28g.json");

  private static final int IDX3_UBYTE_MAGIC = 0x00000803;

  private ReferenceFixtures() {}

  /** The first {@code count} Fashion-MNIST test images, 28x28 grey. */
  static List<Image> fashionMnistTest(int count) {
    if (!Files.isRegularFile(FASHION_MNIST_TEST)) {
      throw new IllegalStateException(
          "Fashion-MNIST test images not found at " + FASHION_MNIST_TEST
              + "; install them with: apt-get install -y dataset-fashion-mnist");
    }
    try (InputStream raw = Files.newInputStream(FASHION_MNIST_TEST);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      int magic = in.readInt();
      if (magic != IDX3_UBYTE_MAGIC) {
        throw new IllegalStateException(
            FASHION_MNIST_TEST + " is not an IDX3 ubyte file (magic 0x"
                + Integer.toHexString(magic) + "); reinstall dataset-fashion-mnist");
      }
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count > n) {
        throw new IllegalArgumentException("asked for " + count + " images, file holds " + n);
      }
      List<Image> images = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] pixels = new byte[rows * cols];
        in.readFully(pixels);
        images.add(new Image(rows, cols, 1, pixels));
      }
      return List.copyOf(images);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FASHION_MNIST_TEST, e);
    }
  }

  /** The parsed reference statistics JSON (28x28 grey). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> refStats28g() {
    Path p = REF_STATS_28G.toAbsolutePath().normalize();
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(
          "reference statistics not found at " + p + " (resolved from the working directory "
              + Path.of("").toAbsolutePath() + "); run the tests from the repository root, next"
              + " to ../shared/specs");
    }
    try {
      return (Map<String, Object>) MiniJson.parse(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }
}
