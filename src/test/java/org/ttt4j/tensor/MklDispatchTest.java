package org.ttt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MklDispatchTest {

  @Test
  void theHelperLibraryShipsAsAnElfObject() throws Exception {
    try (InputStream in = MklDispatch.class.getResourceAsStream(
        "/native/linux-x86_64/libttt4j_mkl_amd.so")) {
      assertNotNull(in, "the helper library is missing from the resources; run tools/native/build.sh");
      byte[] head = in.readNBytes(4);
      assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, head);
    }
  }

  @Test
  void installedBeforeTheEngineOnAnAmdLinuxMachine() throws Exception {
    // NativeSetup installs it when the test session opens, before any test loads libtorch.
    MklDispatch.Status s = MklDispatch.install();
    assertEquals(s, MklDispatch.status(), "idempotent");
    assertNotEquals(MklDispatch.Status.NOT_TRIED, s);
    boolean amdLinux = Files.isReadable(Path.of("/proc/cpuinfo"))
        && Files.readString(Path.of("/proc/cpuinfo")).contains("AuthenticAMD")
        && !"off".equals(System.getProperty("ttt4j.mkl.amd"));
    if (amdLinux) {
      assertEquals(MklDispatch.Status.ACTIVE, s);
    }
  }
}
