package org.ttt4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameFolderTest {

  @TempDir Path dir;

  @Test
  void framesAreInNaturalOrder() {
    for (String n : new String[] {"f10.png", "f2.png", "f1.png", "f02b.png"}) {
      ImageFiles.writePng(dir.resolve("v/" + n), TestImages.random(4, 3, 3, n.hashCode()));
    }
    FrameFolder f = FrameFolder.open(dir.resolve("v"));
    List<String> names = java.util.stream.IntStream.range(0, f.size())
        .mapToObj(i -> f.file(i).getFileName().toString()).toList();
    assertEquals(List.of("f1.png", "f2.png", "f02b.png", "f10.png"), names);
    assertEquals(-1, f.get(0).label());
  }

  @Test
  void labelMapsAreReadAsRawValues() {
    ImageFiles.writePng(dir.resolve("v/a.png"), TestImages.random(4, 3, 3, 1));
    Image mask = new Image(4, 3, 1, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    ImageFiles.writePng(dir.resolve("l/a.png"), mask);
    FrameFolder f = FrameFolder.open(dir.resolve("v"), Optional.of(dir.resolve("l")), List.of());
    assertTrue(f.hasLabels());
    assertArrayEquals(mask.pixels(), f.labelMap(0).pixels());
  }

  @Test
  void frameWithoutLabelIsNamed() {
    ImageFiles.writePng(dir.resolve("v/a.png"), TestImages.random(4, 3, 3, 1));
    ImageFiles.writePng(dir.resolve("v/b.png"), TestImages.random(4, 3, 3, 2));
    ImageFiles.writePng(dir.resolve("l/a.png"), TestImages.random(4, 3, 1, 3));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> FrameFolder.open(dir.resolve("v"), Optional.of(dir.resolve("l")), List.of()));
    assertTrue(e.getMessage().contains("b.png: frame has no label map b.png in " + dir.resolve("l")),
        e.getMessage());
  }

  @Test
  void frameSizeMismatchNamesBothFiles() {
    ImageFiles.writePng(dir.resolve("v/1.png"), TestImages.random(4, 3, 3, 1));
    ImageFiles.writePng(dir.resolve("v/2.png"), TestImages.random(5, 3, 3, 2));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> FrameFolder.open(dir.resolve("v")));
    assertTrue(e.getMessage().contains("2.png: is 5x3 but 1.png is 4x3"), e.getMessage());
  }

  @Test
  void labelSizeMismatchIsReported() {
    ImageFiles.writePng(dir.resolve("v/1.png"), TestImages.random(4, 3, 3, 1));
    ImageFiles.writePng(dir.resolve("l/1.png"), TestImages.random(4, 4, 1, 1));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> FrameFolder.open(dir.resolve("v"), Optional.of(dir.resolve("l")), List.of()));
    assertTrue(e.getMessage().contains("l/1.png: is 4x4 but 1.png is 4x3"), e.getMessage());
  }

  @Test
  void emptyFolderIsAnError() {
    ImageFiles.writePng(dir.resolve("v/sub/1.png"), TestImages.random(4, 3, 3, 1));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> FrameFolder.open(dir.resolve("v")));
    assertTrue(e.getMessage().contains("holds no .png/.jpg/.jpeg frames"), e.getMessage());
  }
}
