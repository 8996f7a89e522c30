package org.ttt4j.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {

  @TempDir Path dir;

  @Test
  void aSecondJobOnTheSameFolderIsRefusedUntilTheFirstEnds() {
    Path run = dir.resolve("run");
    try (FolderLock first = FolderLock.acquire(run)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> FolderLock.acquire(run));
      assertTrue(e.getMessage().startsWith(run + " is being written by another ttt4j job"),
          e.getMessage());
      try (FolderLock other = FolderLock.acquire(dir.resolve("other"))) {
        assertTrue(other != null, "another folder is free");
      }
    }
    try (FolderLock again = FolderLock.acquire(run)) {
      assertTrue(again != null, "free again once the first job has ended");
    }
  }

  @Test
  void aFileOrAnUncreatableFolderIsRefusedSayingWhyAndWhatToDo() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "x");
    IllegalArgumentException isFile = assertThrows(IllegalArgumentException.class,
        () -> FolderLock.acquire(file));
    assertEquals(file + " is a file, not a folder; give a new folder path", isFile.getMessage());

    java.io.UncheckedIOException under = assertThrows(java.io.UncheckedIOException.class,
        () -> FolderLock.acquire(file.resolve("run")));
    assertTrue(under.getMessage().startsWith("cannot create run folder " + file.resolve("run")
        + ": ") && under.getMessage().endsWith("; choose a writable path"), under.getMessage());
  }

  @Test
  void aHeldLockVouchesOnlyForItsOwnFolderAndOnlyWhileHeld() {
    Path run = dir.resolve("run");
    FolderLock lock = FolderLock.acquire(run);
    lock.requireFor(run);
    lock.requireFor(dir.resolve("x/../run"));
    assertThrows(IllegalStateException.class, () -> lock.requireFor(dir.resolve("other")));
    lock.close();
    assertThrows(IllegalStateException.class, () -> lock.requireFor(run));
  }
}
