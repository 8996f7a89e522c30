package org.ttt4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

  @TempDir Path dir;

  @Test
  void pngRoundTripIsExactForGreyAndColour() {
    Image grey = TestImages.random(7, 5, 1, 1);
    Image rgb = TestImages.random(7, 5, 3, 2);
    ImageFiles.writePng(dir.resolve("g.png"), grey);
    ImageFiles.writePng(dir.resolve("c.png"), rgb);
    assertEquals(grey, withSameArray(ImageFiles.read(dir.resolve("g.png")), grey));
    assertArrayEquals(rgb.pixels(), ImageFiles.read(dir.resolve("c.png")).pixels());
    assertArrayEquals(new int[] {7, 5}, ImageFiles.size(dir.resolve("c.png")));
  }

  @Test
  void aPaletteOfGreysReadsAsGreyAndAColourPaletteAsRgb() throws IOException {
    byte[] greys = {0, 100, (byte) 200};
    byte[] reds = {0, 100, (byte) 200};
    for (String name : new String[] {"grey", "colour"}) {
      byte[] green = name.equals("grey") ? greys : new byte[3];
      var palette = new java.awt.image.IndexColorModel(2, 3, reds, green, greys);
      var b = new java.awt.image.BufferedImage(2, 1, java.awt.image.BufferedImage.TYPE_BYTE_INDEXED,
          palette);
      b.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {1, 2});
      javax.imageio.ImageIO.write(b, "png", dir.resolve(name + ".png").toFile());
    }
    Image grey = ImageFiles.read(dir.resolve("grey.png"));
    assertEquals(1, grey.channels());
    assertArrayEquals(new byte[] {100, (byte) 200}, grey.pixels());
    assertEquals(3, ImageFiles.read(dir.resolve("colour.png")).channels());
  }

  @Test
  void classesAreSortedFoldersAndFilesAreSortedWithin() {
    writeGreyPngs("zebra/b.png", "zebra/a.png", "ant/x.png");
    ImageFolder f = ImageFolder.open(dir);
    assertEquals(List.of("ant", "zebra"), f.classNames());
    assertEquals(3, f.size());
    assertEquals("a.png", f.file(1).getFileName().toString());
    assertEquals(1, f.get(2).label());
  }

  @Test
  void classesTakeTurnsSoTheFirstAndLastImagesHoldEveryClass() {
    for (int i = 0; i < 3; i++) {
      ImageFiles.writePng(dir.resolve("ant/" + i + ".png"), TestImages.random(2, 2, 1, i));
      ImageFiles.writePng(dir.resolve("bee/" + i + ".png"), TestImages.random(2, 2, 1, i));
    }
    ImageFiles.writePng(dir.resolve("cat/0.png"), TestImages.random(2, 2, 1, 9));
    ImageFolder f = ImageFolder.open(dir);
    int[] labels = java.util.stream.IntStream.range(0, f.size()).map(i -> f.get(i).label()).toArray();
    assertArrayEquals(new int[] {0, 1, 2, 0, 1, 0, 1}, labels);
    assertEquals(dir.resolve("ant/1.png"), f.file(3));
  }

  @Test
  void numberedClassFoldersKeepTheirNumberWhenAClassIsMissing() {
    writeGreyPngs("00_top/a.png", "03_dress/b.png");
    ImageFolder f = ImageFolder.open(dir);
    assertEquals(0, f.get(0).label());
    assertEquals(3, f.get(1).label());
    assertEquals(List.of("00_top", "1", "2", "03_dress"), f.classNames());
  }

  @Test
  void foldersNamedByDateAreNoLabelNumbers() {
    writeGreyPngs("20230101_beach/a.png", "20230215_party/b.png");
    ImageFolder f = ImageFolder.open(dir);
    assertEquals(List.of("20230101_beach", "20230215_party"), f.classNames());
    assertEquals(1, f.get(1).label());
  }

  @Test
  void oneUnnumberedFolderKeepsThePositionRule() {
    writeGreyPngs("00_top/a.png", "03_dress/b.png", "zebra/c.png");
    ImageFolder f = ImageFolder.open(dir);
    assertEquals(List.of("00_top", "03_dress", "zebra"), f.classNames());
    assertEquals(1, f.get(1).label());
    assertEquals(2, f.get(2).label());
  }

  @Test
  void anImageOfAnotherSizeOrChannelCountNamesTheFileAndTheFirst() {
    ImageFiles.writePng(dir.resolve("a/1.png"), TestImages.random(4, 4, 1, 1));
    ImageFiles.writePng(dir.resolve("a/2.png"), TestImages.random(5, 4, 1, 2));
    ImageFiles.writePng(dir.resolve("b/3.png"), TestImages.random(4, 4, 3, 3));
    ImageFolder f = ImageFolder.open(dir);
    MalformedDataException size = assertThrows(MalformedDataException.class, () -> f.get(2));
    assertTrue(size.getMessage().contains("2.png: is 5x4 grey, but a/1.png is 4x4 grey"),
        size.getMessage());
    MalformedDataException rgb = assertThrows(MalformedDataException.class, () -> f.get(1));
    assertTrue(rgb.getMessage().contains("3.png: is 4x4 RGB, but a/1.png is 4x4 grey"),
        rgb.getMessage());
    assertTrue(rgb.getMessage().contains("does not resize or convert"), rgb.getMessage());
  }

  @Test
  void aFolderInsideAClassFolderIsRefusedNotSkipped() {
    writeGreyPngs("a/1.png", "a/more/2.png");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> ImageFolder.open(dir));
    assertTrue(e.getMessage().contains("more: is a folder inside class folder a"), e.getMessage());
  }

  @Test
  void anImageOfAnotherFormatIsRefusedNotSkipped() throws IOException {
    writeGreyPngs("a/1.png");
    Files.write(dir.resolve("a/2.bmp"), new byte[] {'B', 'M'});
    Files.writeString(dir.resolve("a/README.txt"), "notes are skipped");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> ImageFolder.open(dir));
    assertTrue(e.getMessage().contains("2.bmp: is a .bmp image, and ttt4j reads only"
        + " .png/.jpg/.jpeg; convert it to PNG"), e.getMessage());
    Files.delete(dir.resolve("a/2.bmp"));
    assertEquals(1, ImageFolder.open(dir).size());
  }

  @Test
  void unreadablePngNamesTheFile() throws IOException {
    Files.createDirectories(dir.resolve("cls"));
    Files.write(dir.resolve("cls/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    ImageFolder f = ImageFolder.open(dir);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> f.get(0));
    assertTrue(e.getMessage().contains("broken.png: cannot decode image"), e.getMessage());
    assertTrue(e.getMessage().contains("re-export it or remove it"), e.getMessage());
  }

  @Test
  void emptyFolderSaysHowToLayOutTheImages() {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> ImageFolder.open(dir));
    assertTrue(e.getMessage().contains(dir + ": has no class sub-folders"), e.getMessage());
    assertTrue(e.getMessage().contains("root/<class>/<image>.png"), e.getMessage());
  }

  @Test
  void classFolderWithoutImagesIsNamed() throws IOException {
    writeGreyPngs("a/x.png");
    Files.createDirectories(dir.resolve("b"));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> ImageFolder.open(dir));
    assertTrue(e.getMessage().contains(dir.resolve("b") + ": class folder has no"), e.getMessage());
  }

  @Test
  void imageNetCTreeListsPartsAndOpensOne() {
    ImageFiles.writePng(dir.resolve("fog/1/cat/0.png"), TestImages.random(2, 2, 3, 1));
    ImageFiles.writePng(dir.resolve("fog/2/cat/0.png"), TestImages.random(2, 2, 3, 2));
    ImageFiles.writePng(dir.resolve("snow/5/dog/0.png"), TestImages.random(2, 2, 3, 3));
    ImageNetCTree t = ImageNetCTree.open(dir);
    assertEquals(3, t.parts().size());
    assertEquals(new ImageNetCTree.Part("snow", 5, dir.resolve("snow/5")), t.parts().get(2));
    assertEquals(List.of("dog"), t.open("snow", 5).classNames());
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> t.open("snow", 1));
    assertTrue(e.getMessage().contains("available: [fog/1, fog/2, snow/5]"), e.getMessage());
  }

  /** A 2x2 grey PNG at each of {@code paths} under {@code dir}, each with other pixels. */
  private void writeGreyPngs(String... paths) {
    for (int i = 0; i < paths.length; i++) {
      ImageFiles.writePng(dir.resolve(paths[i]), TestImages.random(2, 2, 1, i + 1));
    }
  }

  private static Image withSameArray(Image read, Image expected) {
    assertArrayEquals(expected.pixels(), read.pixels());
    return expected;
  }
}
