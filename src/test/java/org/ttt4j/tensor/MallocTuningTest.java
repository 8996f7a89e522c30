package org.ttt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** glibc accepts all three settings (mallopt returns 1 for each) and a second install is a no-op. */
class MallocTuningTest {

  @Test
  void glibcTakesTheSettingsOnce() {
    Assumptions.assumeTrue(NativeLibraries.platformSupported(), "Linux x86-64 only");
    Assumptions.assumeTrue(!"default".equals(System.getProperty("ttt4j.malloc")), "turned off");
    String first = MallocTuning.install();
    assertTrue(first.startsWith("freed memory kept in the process"), first);
    assertEquals(first, MallocTuning.install());
    assertEquals(first, MallocTuning.status());
  }
}
