package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;

/** The library's entry points to the corruptions refuse a missing argument when it is given. */
class CorruptionEntryPointsTest {

  private static final Dataset ONE = new Dataset() {
    @Override
    public int size() {
      return 1;
    }

    @Override
    public LabeledImage get(int index) {
      return new LabeledImage(Image.blank(28, 28, 1), 0);
    }

    @Override
    public List<String> classNames() {
      return List.of("a");
    }

    @Override
    public String source() {
      return "one blank image";
    }
  };

  @Test
  void parseOfNullListsTheValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Corruption.parse(null));
    assertTrue(e.getMessage().contains("no corruption name given (null); valid: gaussian_noise"),
        e.getMessage());
  }

  @Test
  void aCorruptedDatasetWithoutItsPartsIsRefusedWhenMade() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> new CorruptedDataset(null, Corruption.FOG, Severity.of(1), 0));
    assertTrue(e.getMessage().contains("clean dataset is null"), e.getMessage());
    e = assertThrows(NullPointerException.class,
        () -> new CorruptedDataset(ONE, null, Severity.of(1), 0));
    assertTrue(e.getMessage().contains("Corruption.parse"), e.getMessage());
    e = assertThrows(NullPointerException.class,
        () -> new CorruptedDataset(ONE, Corruption.FOG, null, 0));
    assertTrue(e.getMessage().contains("Severity.of(5)"), e.getMessage());
  }
}
