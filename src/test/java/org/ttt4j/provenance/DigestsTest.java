package org.ttt4j.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {

  @Test
  void sha256OfAbcIsTheFips180Vector(@TempDir Path dir) {
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertEquals(abc, Digests.sha256("abc".getBytes()));
    AtomicFiles.writeString(dir.resolve("a.txt"), "abc");
    assertEquals(abc, Digests.sha256(dir.resolve("a.txt")));
    assertTrue(Digests.matches(dir.resolve("a.txt"), abc));
    assertFalse(Digests.matches(dir.resolve("missing.txt"), abc));
  }
}
