package org.ttt4j.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  void writtenFileHasThePermissionsOfAnOrdinaryNewFile(@TempDir Path dir) throws IOException {
    Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path plain = Files.createFile(dir.resolve("plain.txt")); // 0666 minus the umask
    Path atomic = dir.resolve("manifest.json");
    AtomicFiles.writeString(atomic, "{}");
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic),
        "an atomically written file must not be owner-only (createTempFile's 0600)");
  }

  @Test
  void aFolderAsTargetIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
    Path folder = Files.createDirectory(dir.resolve("dd"));
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> AtomicFiles.writeString(folder, "text"));
    assertEquals("cannot write " + folder + ": it is a folder; give a file path (a new name, or a"
        + " file inside that folder)", e.getMessage());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(java.util.List.of(folder), left.toList(), "no temporary file left beside it");
    }
  }

  @Test
  void failedWriteLeavesNeitherTargetNorTemporaryFile(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("part.bin");
    assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
      out.write(1);
      throw new IOException("disk full");
    }));
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.findAny().isEmpty(), "nothing may be left behind after a failed write");
    }
  }
}
