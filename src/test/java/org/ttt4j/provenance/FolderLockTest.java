package org.ttt4j.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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

  @Test
  void aJobThatEndsLeavesNoLockFileInTheFolderItWrote() throws Exception {
    Path run = dir.resolve("run");
    try (FolderLock lock = FolderLock.acquire(run)) {
      assertTrue(Files.isRegularFile(run.resolve(".lock")), "held while the job writes");
      Files.writeString(run.resolve("records.jsonl"), "{}\n");
    }
    assertEquals(List.of("records.jsonl"), names(run));
  }

  @Test
  void aFolderTheLockMadeIsRemovedWithItsParentsWhenNothingWasWrittenInIt() throws Exception {
    Path run = dir.resolve("new/runs/run");
    FolderLock.acquire(run).close();
    assertFalse(Files.exists(dir.resolve("new")), "a refused command leaves no folder");

    Path existing = Files.createDirectories(dir.resolve("mine/run"));
    FolderLock.acquire(existing).close();
    assertEquals(List.of(), names(existing), "a folder that was there stays, as it was");

    Files.createDirectories(dir.resolve("parent"));
    FolderLock.acquire(dir.resolve("parent/run")).close();
    assertEquals(List.of(), names(dir.resolve("parent")), "only the folder the lock made goes");
  }

  @Test
  void aCrashedJobsLockFileDoesNotBlockTheNextJob() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve(".lock"), "");        // its OS lock ended with its process
    try (FolderLock next = FolderLock.acquire(run)) {
      next.requireFor(run);
    }
    assertEquals(List.of(), names(run));
  }

  /**
   * A job that opened .lock just before its holder ended (and deleted it) gets the OS lock on a
   * file that is no longer .lock: it locks the one there now, so that a third job is refused.
   */
  @Test
  void aJobThatOpenedTheLockFileItsHolderDeletedLocksTheFileThereNow() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    FolderLock holder = FolderLock.acquire(run);
    int[] opened = {0};
    try (FolderLock second = FolderLock.acquire(run, () -> {
      if (opened[0]++ == 0) {
        holder.close();
      }
    })) {
      second.requireFor(run);
      assertTrue(Files.isRegularFile(run.resolve(".lock")));
      IllegalStateException third = assertThrows(IllegalStateException.class,
          () -> FolderLock.acquire(run), "the second job holds the lock on the .lock there now");
      assertTrue(third.getMessage().contains("is being written by another ttt4j job"),
          third.getMessage());
      assertTrue(opened[0] > 1, "locked on a fresh open");
    }
    assertEquals(List.of(), names(run));
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
