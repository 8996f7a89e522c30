package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaeConfigTest {

  @Test
  void imageSizeNotDivisibleByPatchSaysWhichSizesWork() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MaeConfig(225, 16, 3, 768, 12, 12, 512, 8, 16, 4, 0.75, true, 1000,
                HeadType.LINEAR, 1, new double[] {0, 0, 0}, new double[] {1, 1, 1}));
    assertTrue(e.getMessage().contains("imageSize 225 is not divisible by patchSize 16; use 224"),
        e.getMessage());
  }

  @Test
  void headsMustDivideWidth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MaeConfig(28, 4, 1, 192, 6, 5, 128, 2, 4, 4, 0.75, true, 10,
            HeadType.LINEAR, 1, new double[] {0}, new double[] {1}));
    assertTrue(e.getMessage().contains("embedDim 192 is not divisible by numHeads 5"),
        e.getMessage());
  }

  @Test
  void presetsHaveThePaperSizes() {
    assertEquals(49, MaeConfig.fmnistTiny().numPatches());
    assertEquals(12, MaeConfig.fmnistTiny().numKept());
    assertEquals(196, MaeConfig.vitBase16().numPatches());
    assertEquals(49, MaeConfig.vitBase16().numKept());
    assertEquals(64, MaeConfig.tinSmall().numPatches());
    assertEquals(16, MaeConfig.micro().numPatches());
    assertEquals(MaeConfig.fmnistTiny(), MaeConfig.preset("fmnist-tiny"));
  }

  @Test
  void unknownPresetListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaeConfig.preset("fmnist-tny"));
    assertTrue(e.getMessage().contains("fmnist-tiny, tin-small"), e.getMessage());
  }
}
