package org.ttt4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFormatTest {

  @TempDir Path dir;

  @Test
  void recognisesEachLayout() throws IOException {
    Image g = TestImages.random(3, 3, 1, 1);
    Idx.writeImages(dir.resolve("idx/t10k-images-idx3-ubyte.gz"), 1, 3, 3, i -> g);
    Idx.writeLabels(dir.resolve("idx/t10k-labels-idx1-ubyte.gz"), new int[] {0});
    assertEquals(DatasetFormat.IDX, DatasetFormat.detect(dir.resolve("idx")));
    assertEquals(1, DatasetFormat.open(dir.resolve("idx"), Split.TEST).size());
    assertEquals(1, DatasetFormat.open(dir.resolve("idx/t10k-images-idx3-ubyte.gz"), Split.TEST).size());

    Npy.writeImages(dir.resolve("npy/fog.npy"), 1, 3, 3, 1, i -> g);
    Npy.writeLabels(dir.resolve("npy/labels.npy"), new int[] {0});
    assertEquals(DatasetFormat.NPY, DatasetFormat.detect(dir.resolve("npy")));
    assertEquals(1, DatasetFormat.open(dir.resolve("npy/fog.npy"), Split.TEST).size());

    ImageFiles.writePng(dir.resolve("folder/cat/1.png"), g);
    assertEquals(DatasetFormat.IMAGE_FOLDER, DatasetFormat.detect(dir.resolve("folder")));
    ImageFiles.writePng(dir.resolve("video/1.png"), g);
    assertEquals(DatasetFormat.FRAME_FOLDER, DatasetFormat.detect(dir.resolve("video")));
    Files.write(dir.resolve("test_batch.bin"), new byte[3073]);
    assertEquals(DatasetFormat.CIFAR10, DatasetFormat.detect(dir.resolve("test_batch.bin")));
  }

  @Test
  void unknownFileSaysWhatIsAccepted() throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "hello");
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> DatasetFormat.detect(dir.resolve("notes.txt")));
    assertTrue(e.getMessage().contains("notes.txt: format not recognised; pass a Fashion-MNIST"), e.getMessage());
  }

  @Test
  void aCorruptedSetOrCorruptionFolderNamesALevelToPass() throws IOException {
    Image g = TestImages.random(3, 3, 1, 1);
    ImageFiles.writePng(dir.resolve("png/contact_sheet.png"), g);
    ImageFiles.writePng(dir.resolve("png/fog/5/00_top/0.png"), g);
    Idx.writeImages(dir.resolve("idx/fog/5/images-idx3-ubyte.gz"), 1, 3, 3, i -> g);
    for (String set : new String[] {"png", "idx"}) {
      for (Path d : new Path[] {dir.resolve(set), dir.resolve(set).resolve("fog")}) {
        MalformedDataException e = assertThrows(MalformedDataException.class,
            () -> DatasetFormat.detect(d));
        assertTrue(e.getMessage().contains("holds the <corruption>/<level> folders of a corrupted"
            + " set, not one dataset; pass one level folder, e.g. " + dir.resolve(set + "/fog/5")),
            e.getMessage());
      }
    }
    ImageFiles.writePng(dir.resolve("digits/5/0.png"), g); // a class named 5 is no level
    assertEquals(DatasetFormat.IMAGE_FOLDER, DatasetFormat.detect(dir.resolve("digits")));
  }

  @Test
  void trainAndTestFoldersAreTheSplitsOfAnImageFolder() throws IOException {
    ImageFiles.writePng(dir.resolve("train/ant/1.png"), TestImages.random(2, 2, 1, 1));
    ImageFiles.writePng(dir.resolve("train/bee/2.png"), TestImages.random(2, 2, 1, 2));
    ImageFiles.writePng(dir.resolve("train/bee/3.png"), TestImages.random(2, 2, 1, 3));
    ImageFiles.writePng(dir.resolve("test/ant/4.png"), TestImages.random(2, 2, 1, 4));
    ImageFiles.writePng(dir.resolve("test/bee/5.png"), TestImages.random(2, 2, 1, 5));
    assertEquals(3, DatasetFormat.open(dir, Split.TRAIN).size());
    Dataset test = DatasetFormat.open(dir, Split.TEST);
    assertEquals(List.of("ant", "bee"), test.classNames());
    assertEquals(1, test.get(1).label());

    Files.delete(dir.resolve("test/bee/5.png"));
    Files.delete(dir.resolve("test/bee"));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> DatasetFormat.open(dir, Split.TEST));
    assertTrue(e.getMessage().contains("train/ holds class folders [ant, bee] but test/ holds"
        + " [ant]"), e.getMessage());
  }

  /**
   * ImageNet's layout, train/ and val/ without test/: --split test named --split train as the
   * fix (the wrong images) and said nothing of val/; it now says how to use val/.
   */
  @Test
  void imageNetsTrainAndValFoldersWithoutTestNameTheFix() throws IOException {
    for (String split : List.of("train", "val")) {
      ImageFiles.writePng(dir.resolve(split + "/n01440764/1.png"), TestImages.random(2, 2, 1, 1));
      ImageFiles.writePng(dir.resolve(split + "/n01443537/2.png"), TestImages.random(2, 2, 1, 2));
    }
    assertEquals(2, DatasetFormat.open(dir, Split.TRAIN).size());
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> DatasetFormat.open(dir, Split.TEST));
    assertTrue(e.getMessage().startsWith(dir + ": has train/ and val/ but no test/"),
        e.getMessage());
    assertTrue(e.getMessage().contains("pass --data " + dir.resolve("val")), e.getMessage());
    assertTrue(e.getMessage().contains("or rename val/ to test/"), e.getMessage());
    assertEquals(List.of("n01440764", "n01443537"),
        DatasetFormat.open(dir.resolve("val"), Split.TEST).classNames(), "the fix works");

    // val/ alone: not a class named "val" (whose class folders would be refused)
    Files.walk(dir.resolve("train")).sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    e = assertThrows(MalformedDataException.class, () -> DatasetFormat.open(dir, Split.TEST));
    assertTrue(e.getMessage().contains("has val/ but neither train/ nor test/; pass --data "
        + dir.resolve("val")), e.getMessage());
  }

  /** One 3x3 image in a gzip IDX file, and its label in a plain one (magic 0x801, count 1). */
  private void writeIdxPair(String images, String labels, int label) throws IOException {
    Idx.writeImages(dir.resolve(images), 1, 3, 3, i -> TestImages.random(3, 3, 1, 1));
    Files.write(dir.resolve(labels), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, (byte) label});
  }

  @Test
  void anImagesFileFindsItsLabelsGzippedOrPlain() throws IOException {
    writeIdxPair("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte", 7);
    Dataset d = DatasetFormat.open(dir.resolve("t10k-images-idx3-ubyte.gz"), Split.TEST);
    assertEquals(7, d.get(0).label());
  }

  @Test
  void aFolderOfSeveralNpyImagesFilesNamesThemAndOneToPass() throws IOException {
    Image g = TestImages.random(3, 3, 1, 1);
    Npy.writeImages(dir.resolve("fog.npy"), 1, 3, 3, 1, i -> g);
    Npy.writeImages(dir.resolve("snow.npy"), 1, 3, 3, 1, i -> g);
    Npy.writeLabels(dir.resolve("labels.npy"), new int[] {0});
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> DatasetFormat.open(dir, Split.TEST));
    assertTrue(e.getMessage().contains("holds 2 image .npy files besides labels.npy [fog.npy,"
        + " snow.npy]; pass the images file itself, e.g. " + dir.resolve("fog.npy")), e.getMessage());
  }

  /** Writes a tiny PNG at each of {@code pngs} and checks that detecting the folder says {@code said}. */
  private void assertRefused(String said, String... pngs) {
    for (String png : pngs) {
      ImageFiles.writePng(dir.resolve(png), TestImages.random(3, 3, 1, 1));
    }
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> DatasetFormat.detect(dir));
    assertTrue(e.getMessage().contains(said), e.getMessage());
  }

  @Test
  void aLabelledVideoFolderIsNoImageFolderOfTwoClasses() {
    assertRefused("is a labelled video (frames/ and labels/), not an image dataset; give it to"
        + " `ttt4j video --videos`", "frames/00000.png", "labels/00000.png");
    assertEquals(DatasetFormat.FRAME_FOLDER, DatasetFormat.detect(dir.resolve("frames")));
  }

  @Test
  void classFoldersBesideALooseImageAreRefusedNotReadAsFrames() {
    assertRefused("holds both images (preview.png) and sub-folders (cat); for classes, move the"
        + " loose images into their class folders", "cat/0.png", "preview.png");
  }

  @Test
  void mnistFilesNamedAsOnKaggleRead() throws IOException {
    writeIdxPair("t10k-images.idx3-ubyte.gz", "t10k-labels.idx1-ubyte", 4);
    assertEquals(4, DatasetFormat.open(dir, Split.TEST).get(0).label());
    assertEquals(4, DatasetFormat.open(dir.resolve("t10k-images.idx3-ubyte.gz"), Split.TEST)
        .get(0).label());
  }
}
