package org.ttt4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

  @TempDir Path dir;

  private static final Image[] IMAGES = {
    TestImages.random(5, 4, 1, 1), TestImages.random(5, 4, 1, 2), TestImages.random(5, 4, 1, 3)
  };

  private void writePair(Path images, Path labels) {
    Idx.writeImages(images, IMAGES.length, 5, 4, i -> IMAGES[i]);
    Idx.writeLabels(labels, new int[] {2, 0, 1});
  }

  @Test
  void roundTripReadsBackTheSameImagesAndLabels() {
    writePair(dir.resolve("im.gz"), dir.resolve("lb.gz"));
    IdxDataset d = IdxDataset.open(dir.resolve("im.gz"), dir.resolve("lb.gz"), List.of());
    assertEquals(3, d.size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(IMAGES[i].pixels(), d.get(i).image().pixels());
    }
    assertEquals(List.of(2, 0, 1), Stream.of(0, 1, 2).map(i -> d.get(i).label()).toList());
    assertEquals(List.of("0", "1", "2"), d.classNames());
  }

  @Test
  void rawUncompressedFilesAreRead() throws IOException {
    byte[] raw = ByteBuffer.allocate(16 + 4).putInt(Idx.IMAGES_MAGIC).putInt(1).putInt(2).putInt(2)
        .put(new byte[] {1, 2, 3, 4}).array();
    Files.write(dir.resolve("im"), raw);
    Files.write(dir.resolve("lb"), ByteBuffer.allocate(9).putInt(Idx.LABELS_MAGIC).putInt(1).put((byte) 0).array());
    IdxDataset d = IdxDataset.open(dir.resolve("im"), dir.resolve("lb"), List.of("only"));
    assertEquals(4, d.get(0).image().get(1, 1, 0));
  }

  @Test
  void gzippedFilesWithoutGzInTheNameAreReadByTheirContent() throws IOException {
    // gzip files renamed without .gz: were refused as "IDX magic is 0x1f8b0800"
    writePair(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
    IdxDataset d = IdxDataset.open(dir.resolve("t10k-images-idx3-ubyte"),
        dir.resolve("t10k-labels-idx1-ubyte"), List.of());
    assertEquals(3, d.size());
    assertArrayEquals(IMAGES[2].pixels(), d.get(2).image().pixels());
    assertEquals(1, d.get(2).label());
  }

  @Test
  void uncompressedFilesNamedGzAreReadByTheirContent() throws IOException {
    // a browser unpacks a download and keeps the .gz name: was "not a valid gzip file"
    byte[] raw = ByteBuffer.allocate(16 + 4).putInt(Idx.IMAGES_MAGIC).putInt(1).putInt(2).putInt(2)
        .put(new byte[] {1, 2, 3, 4}).array();
    Files.write(dir.resolve("im.gz"), raw);
    assertEquals(1, Idx.read(dir.resolve("im.gz"), Idx.IMAGES_MAGIC).count());
  }

  @Test
  void truncatedGzipNamesTheFileAndSaysDownloadAgain() throws IOException {
    writePair(dir.resolve("im.gz"), dir.resolve("lb.gz"));
    byte[] all = Files.readAllBytes(dir.resolve("im.gz"));
    Files.write(dir.resolve("im.gz"), Arrays.copyOf(all, all.length / 2));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> IdxDataset.open(dir.resolve("im.gz"), dir.resolve("lb.gz"), List.of()));
    assertTrue(e.getMessage().contains("im.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void wrongMagicSaysWhatWasExpected() {
    writePair(dir.resolve("im.gz"), dir.resolve("lb.gz"));
    // labels passed as images
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> IdxDataset.open(dir.resolve("lb.gz"), dir.resolve("im.gz"), List.of()));
    assertTrue(e.getMessage().contains("lb.gz: IDX magic is 0x00000801, expected 0x00000803"), e.getMessage());
  }

  @Test
  void sizeDisagreeingWithFileLengthIsReported() throws IOException {
    byte[] raw = ByteBuffer.allocate(16 + 3).putInt(Idx.IMAGES_MAGIC).putInt(1).putInt(2).putInt(2)
        .put(new byte[] {1, 2, 3}).array();
    gzip(dir.resolve("im.gz"), raw);
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> Idx.read(dir.resolve("im.gz"), Idx.IMAGES_MAGIC));
    assertTrue(e.getMessage().contains("im.gz: header says [1, 2, 2] = 4 bytes of data but the file holds 3"),
        e.getMessage());
  }

  @Test
  void labelsAndImagesOfDifferentCountsAreRejected() {
    Idx.writeImages(dir.resolve("im.gz"), 3, 5, 4, i -> IMAGES[i]);
    Idx.writeLabels(dir.resolve("lb.gz"), new int[] {1, 2});
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> IdxDataset.open(dir.resolve("im.gz"), dir.resolve("lb.gz"), List.of()));
    assertTrue(e.getMessage().contains("lb.gz: holds 2 labels but im.gz holds 3 images"), e.getMessage());
  }

  @Test
  void failedWriteLeavesNoFileBehind() throws IOException {
    Image colour = TestImages.random(5, 4, 3, 9);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Idx.writeImages(dir.resolve("out.gz"), 2, 5, 4, i -> i == 0 ? IMAGES[0] : colour));
    assertTrue(e.getMessage().contains("image 1 is 5x4x3"), e.getMessage());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.toList());
    }
  }

  static void gzip(Path file, byte[] content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content);
    }
  }
}
