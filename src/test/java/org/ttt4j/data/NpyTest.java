package org.ttt4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

  @TempDir Path dir;

  private static final Image[] IMAGES = {TestImages.random(3, 2, 3, 1), TestImages.random(3, 2, 3, 2)};

  @Test
  void roundTripReadsBackTheSameImagesAndLabels() {
    Npy.writeImages(dir.resolve("x.npy"), 2, 3, 2, 3, i -> IMAGES[i]);
    Npy.writeLabels(dir.resolve("y.npy"), new int[] {7, 3});
    NpyDataset d = NpyDataset.open(dir.resolve("x.npy"), dir.resolve("y.npy"), List.of());
    assertEquals(2, d.size());
    assertArrayEquals(IMAGES[1].pixels(), d.get(1).image().pixels());
    assertEquals(7, d.get(0).label());
    assertEquals(8, d.classNames().size());
  }

  @Test
  void headerIsWhatNumpyWrites() throws IOException {
    Npy.writeLabels(dir.resolve("y.npy"), new int[] {1, 2, 3});
    byte[] b = Files.readAllBytes(dir.resolve("y.npy"));
    String header = new String(b, 10, 118, StandardCharsets.ISO_8859_1);
    assertTrue(header.startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"), header);
    assertEquals(128 + 24, b.length);
    assertEquals('\n', header.charAt(117));
  }

  @Test
  void unsupportedDtypeIsRejectedWithTheDtypeAndTheFix() throws IOException {
    writeRaw(dir.resolve("f.npy"), "<f4", false, "(2,)", 8);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Npy.read(dir.resolve("f.npy")));
    assertTrue(e.getMessage().contains("f.npy: dtype '<f4' is not supported"), e.getMessage());
    assertTrue(e.getMessage().contains("astype(np.uint8)"), e.getMessage());
  }

  @Test
  void fortranOrderIsRejected() throws IOException {
    writeRaw(dir.resolve("f.npy"), "|u1", true, "(2, 2)", 4);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Npy.read(dir.resolve("f.npy")));
    assertTrue(e.getMessage().contains("f.npy: array is in Fortran (column-major) order"), e.getMessage());
    assertTrue(e.getMessage().contains("np.ascontiguousarray"), e.getMessage());
  }

  @Test
  void truncatedDataIsReported() throws IOException {
    writeRaw(dir.resolve("t.npy"), "|u1", false, "(2, 2, 2, 1)", 5);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Npy.read(dir.resolve("t.npy")));
    assertTrue(e.getMessage().contains("= 8 bytes but the file holds 5"), e.getMessage());
  }

  @Test
  void labelsAndImagesOfDifferentCountsAreRejected() {
    Npy.writeImages(dir.resolve("x.npy"), 2, 3, 2, 3, i -> IMAGES[i]);
    Npy.writeLabels(dir.resolve("y.npy"), new int[] {1, 2, 3});
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> NpyDataset.open(dir.resolve("x.npy"), dir.resolve("y.npy"), List.of()));
    assertTrue(e.getMessage().contains("y.npy: holds 3 labels but x.npy holds 2 images"), e.getMessage());
  }

  @Test
  void failedWriteLeavesNoFileBehind() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> Npy.writeImages(dir.resolve("x.npy"), 2, 3, 2, 3,
        i -> i == 0 ? IMAGES[0] : TestImages.random(3, 3, 3, 5)));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.toList());
    }
  }

  static void writeRaw(Path file, String descr, boolean fortran, String shape, int dataBytes)
      throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
        + ", 'shape': " + shape + ", }";
    dict = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + dict.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) dict.length());
    b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    Files.write(file, b.array());
  }
  /** Labels as NumPy saves other integer arrays: int32 (np.int32, Windows' default), big-endian. */
  @Test
  void labelsOfAnyIntegerTypeAreRead() throws IOException {
    Npy.writeImages(dir.resolve("x.npy"), 2, 3, 2, 3, i -> IMAGES[i]);
    // were refused: "dtype '<i4' is not supported (only uint8 '|u1' images and int64 '<i8' or
    // uint8 labels)"
    Object[][] cases = {{"<i4", ByteOrder.LITTLE_ENDIAN, 4}, {">i8", ByteOrder.BIG_ENDIAN, 8},
        {"<u2", ByteOrder.LITTLE_ENDIAN, 2}, {"|i1", ByteOrder.LITTLE_ENDIAN, 1}};
    for (Object[] c : cases) {
      Path y = dir.resolve("y.npy");
      writeRaw(y, (String) c[0], false, "(2,)", 0);
      int width = (Integer) c[2];
      ByteBuffer v = ByteBuffer.allocate(2 * width).order((ByteOrder) c[1]);
      for (long label : new long[] {9, 4}) {
        switch (width) {
          case 1 -> v.put((byte) label);
          case 2 -> v.putShort((short) label);
          case 4 -> v.putInt((int) label);
          default -> v.putLong(label);
        }
      }
      Files.write(y, v.array(), java.nio.file.StandardOpenOption.APPEND);
      NpyDataset d = NpyDataset.open(dir.resolve("x.npy"), y, List.of());
      assertEquals(9, d.get(0).label(), (String) c[0]);
      assertEquals(4, d.get(1).label(), (String) c[0]);
    }
  }
}
