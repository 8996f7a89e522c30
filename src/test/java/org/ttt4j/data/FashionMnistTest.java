package org.ttt4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @Test
  void installedSplitsHaveTheOfficialSizes() {
    assumeTrue(FashionMnist.isInstalled(), "dataset-fashion-mnist is not installed");
    IdxDataset test = FashionMnist.load(Split.TEST);
    IdxDataset train = FashionMnist.load(Split.TRAIN);
    assertEquals(10000, test.size());
    assertEquals(60000, train.size());
    LabeledImage first = test.get(0);
    assertEquals(28, first.image().height());
    assertEquals(28, first.image().width());
    assertEquals(1, first.image().channels());
    assertEquals(9, first.label()); // the first test image is an ankle boot
    assertEquals("Ankle boot", test.classNames().get(first.label()));
  }

  @Test
  void missingInstallationSaysHowToInstall(@TempDir Path empty) {
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> FashionMnist.load(empty, Split.TEST));
    assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
  }
}
