package org.ttt4j.provenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of a run folder while a job writes it: an OS lock on {@code .lock} inside it, so
 * a second process (say, a resume started while the run still goes on) is refused instead of
 * interleaving its records with the first one's. The OS drops the lock when the process ends, even
 * on a crash, so a stopped run never stays locked.
 */
public final class FolderLock implements AutoCloseable {

  private static final String FILE = ".lock";

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir} (created if missing), or fails saying which folder is busy, or why it cannot
   * be created or written.
   */
  public static FolderLock acquire(Path dir) {
    create(dir);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new FolderLock(dir, channel, lock);
      }
    } catch (OverlappingFileLockException busyHere) {
      // this process already writes the folder: as busy as another process would be
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot write the lock file " + dir.resolve(FILE)
          + " in run folder " + dir + ": " + reason(e) + "; choose a writable path", e);
    }
    closeQuietly(channel);
    throw new IllegalStateException(dir + " is being written by another ttt4j job right now (a run"
        + " or a resume of it); wait for that job to end or stop it, then resume this folder");
  }

  private static void create(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is a file, not a folder; give a new folder path");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run folder " + dir + ": " + reason(e)
          + "; choose a writable path", e);
    }
  }

  /** What the OS said, in words: many of these exceptions carry only the path as message. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    } else if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " exists and is not a folder";
    } else if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * Fails unless this lock is held on {@code folder}: for code that writes a folder whose lock its
   * caller took (so that the caller could write the manifest under the same lock).
   */
  public void requireFor(Path folder) {
    if (!lock.isValid() || !sameFolder(dir, folder)) {
      throw new IllegalStateException("the lock held is on " + dir + ", not on " + folder);
    }
  }

  private static boolean sameFolder(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close below releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to keep: the lock goes with the channel
      }
    }
  }
}
