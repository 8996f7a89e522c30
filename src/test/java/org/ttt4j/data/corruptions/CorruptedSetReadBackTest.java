package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.DatasetFormat;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFolder;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.Split;

/**
 * A set written by {@link CorruptedSetWriter} reads back through {@link DatasetFormat#open} with
 * the labels it was written with, in every format, also when a class has no image in the subset.
 */
class CorruptedSetReadBackTest {

  @TempDir Path out;

  /** Ten class names, as Fashion-MNIST; classes 2, 4 and 6-9 have no image. */
  private static final int[] LABELS = {3, 0, 5, 1, 3};

  static Dataset missingClasses() {
    return new Dataset() {
      public int size() {
        return LABELS.length;
      }

      public LabeledImage get(int i) {
        byte[] px = new byte[6 * 5];
        new Random(i).nextBytes(px);
        return new LabeledImage(new Image(6, 5, 1, px), LABELS[i]);
      }

      public List<String> classNames() {
        return List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");
      }

      public String source() {
        return "missing-classes";
      }
    };
  }

  private void write(SetFormat format) {
    new CorruptedSetWriter(CorruptedSetWriterTest.FAKE).write(new CorruptedSetWriter.Job(
        missingClasses(), "test", List.of(Corruption.BRIGHTNESS), CorruptionList.parseLevels("1-2"),
        format, 7, out, 1, List.of("test")), new CorruptedSetWriter.Listener() {});
  }

  private static int[] labels(Dataset d) {
    int[] l = new int[d.size()];
    for (int i = 0; i < l.length; i++) {
      l[i] = d.get(i).label();
    }
    return l;
  }

  @Test
  void idxLevelFolderAndFileReadBackWithTheWrittenLabels() {
    write(SetFormat.IDX);
    assertArrayEquals(LABELS, labels(DatasetFormat.open(out.resolve("brightness/2"), Split.TEST)));
    assertArrayEquals(LABELS, labels(DatasetFormat.open(out.resolve("brightness/2"), Split.TRAIN)),
        "a corrupted set has one split; --split does not matter");
    assertArrayEquals(LABELS, labels(DatasetFormat.open(
        out.resolve("brightness/2/images-idx3-ubyte.gz"), Split.TEST)));
  }

  @Test
  void npyFolderAndFileReadBackWithTheWrittenLabels() {
    write(SetFormat.NPY);
    int[] tiled = {3, 0, 5, 1, 3, 3, 0, 5, 1, 3};
    assertArrayEquals(tiled, labels(DatasetFormat.open(out, Split.TEST)));
    assertArrayEquals(tiled, labels(DatasetFormat.open(out.resolve("brightness.npy"), Split.TEST)));
  }

  @Test
  void pngLevelFolderReadsBackWithTheWrittenLabelsWhenClassesAreMissing() {
    write(SetFormat.PNG);
    Dataset d = DatasetFormat.open(out.resolve("brightness/2"), Split.TEST);
    assertEquals(LABELS.length, d.size());
    ImageFolder f = (ImageFolder) d;
    for (int k = 0; k < d.size(); k++) {
      String file = f.file(k).getFileName().toString();
      int index = Integer.parseInt(file.substring(0, file.length() - ".png".length()));
      assertEquals(LABELS[index], d.get(k).label(), file);
    }
    assertEquals("05_Sandal", d.classNames().get(5));
  }
}
