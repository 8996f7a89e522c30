package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void keepsExactlyAQuarterOfPatchesAndMasksTheRest() {
    MaeConfig c = MaeConfig.fmnistTiny();   // L = 49, keep int(49 * 0.25) = 12
    Masking m = Masking.random(16, c.numPatches(), c.numKept(), new Random(3));
    assertEquals(12, c.numKept());
    for (int i = 0; i < 16; i++) {
      assertEquals(12, m.idsKeep()[i].length);
      float removed = 0;
      for (float v : m.mask()[i]) {
        removed += v;
      }
      assertEquals(37f, removed, "49 - 12 patches are removed in sample " + i);
      for (long kept : m.idsKeep()[i]) {
        assertEquals(0f, m.mask()[i][(int) kept], "a kept patch is not masked");
      }
    }
  }

  @Test
  void keptPatchesDifferBetweenSamples() {
    Masking m = Masking.random(8, 49, 12, new Random(5));
    Set<String> distinct = new HashSet<>();
    for (long[] keep : m.idsKeep()) {
      long[] sorted = keep.clone();
      Arrays.sort(sorted);
      distinct.add(Arrays.toString(sorted));
    }
    assertEquals(8, distinct.size(), "each sample draws its own mask");
  }

  @Test
  void restoreIsTheInverseOfTheShuffle() {
    float[][] noise = {{0.9f, 0.1f, 0.5f, 0.3f}};
    Masking m = Masking.fromNoise(noise, 2);
    // ascending noise: patch 1 (0.1), 3 (0.3), 2 (0.5), 0 (0.9); keep the first two
    assertEquals("[1, 3]", Arrays.toString(m.idsKeep()[0]));
    assertEquals("[3, 0, 2, 1]", Arrays.toString(m.idsRestore()[0]));
    assertEquals("[1.0, 0.0, 1.0, 0.0]", Arrays.toString(m.mask()[0]));
  }

  @Test
  void sameSeedSameMaskDifferentSeedDifferentMask() {
    Masking a = Masking.random(2, 49, 12, new Random(1));
    Masking b = Masking.random(2, 49, 12, new Random(1));
    Masking c = Masking.random(2, 49, 12, new Random(2));
    assertEquals(Arrays.deepToString(a.idsKeep()), Arrays.deepToString(b.idsKeep()));
    assertNotEquals(Arrays.deepToString(a.idsKeep()), Arrays.deepToString(c.idsKeep()));
  }
}
