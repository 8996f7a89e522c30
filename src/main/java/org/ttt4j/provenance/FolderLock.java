package org.ttt4j.provenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Exclusive use of a run folder while a job writes it: an OS lock on {@code .lock} inside it, so
 * a second process (say, a resume started while the run still goes on) is refused instead of
 * interleaving its records with the first one's. The OS drops the lock when the process ends, even
 * on a crash, so a stopped run never stays locked (a crashed job's {@code .lock} stays behind, and
 * the next job locks it). A job that ends normally deletes {@code .lock}, and the folder too when
 * this lock made it and it is still empty: a refused command leaves nothing behind.
 */
public final class FolderLock implements AutoCloseable {

  private static final String FILE = ".lock";
  /** Tries at locking the file at {@code .lock} while jobs that end delete it under this one. */
  private static final int ATTEMPTS = 10;

  private final Path dir;
  /** The outermost folder that {@link #acquire} made ({@code dir} or a parent); null if none. */
  private final Path created;
  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(Path dir, Path created, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.created = created;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir} (created if missing), or fails saying which folder is busy, or why it cannot
   * be created or written.
   */
  public static FolderLock acquire(Path dir) {
    return acquire(dir, () -> { });
  }

  /**
   * The same; {@code opened} runs between opening {@code .lock} and locking it, where a job that
   * ends may delete the file: for tests of that race.
   */
  static FolderLock acquire(Path dir, Runnable opened) {
    Path created = create(dir);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<FolderLock> locked = tryLock(dir, created, opened);
      if (locked.isPresent()) {
        return locked.get();
      }
      create(dir);           // the job that held it may have removed the folder it had made
    }
    throw new IllegalStateException(dir.resolve(FILE) + " was deleted and made again " + ATTEMPTS
        + " times while this job tried to lock it: jobs keep starting and ending on " + dir
        + "; run one job at a time on a run folder");
  }

  /**
   * One try: the lock on the file that is {@code dir/.lock} both before it was opened and after
   * it was locked; empty when that file changed meanwhile (a job that ended deleted the one this
   * try opened, or this try made it), so that a new try locks the file that is there now.
   */
  private static Optional<FolderLock> tryLock(Path dir, Path created, Runnable opened) {
    Path file = dir.resolve(FILE);
    FileChannel channel = null;
    try {
      Object before = identity(file);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      opened.run();
      FileLock lock = channel.tryLock();
      if (lock == null) {
        closeQuietly(channel);
        throw busy(dir);
      }
      if (before != null && before.equals(identity(file))) {
        return Optional.of(new FolderLock(dir, created, channel, lock));
      }
    } catch (OverlappingFileLockException busyHere) {
      // this process already writes the folder: as busy as another process would be
      closeQuietly(channel);
      throw busy(dir);
    } catch (NoSuchFileException folderGone) {
      // the job that held the folder removed it (it had made it, and wrote nothing): try again
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot write the lock file " + file + " in run folder "
          + dir + ": " + reason(e) + "; choose a writable path", e);
    }
    closeQuietly(channel);      // with the lock on a file that is no longer .lock
    return Optional.empty();
  }

  /**
   * What tells the file at {@code file} from one deleted and made again under the same name: its
   * file key (device and inode); null when there is none. A file system without file keys gives
   * the same for every file, so that only a missing file counts as changed there.
   */
  private static Object identity(Path file) throws IOException {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      return key != null ? key : Boolean.TRUE;
    } catch (NoSuchFileException missing) {
      return null;
    }
  }

  private static IllegalStateException busy(Path dir) {
    return new IllegalStateException(dir + " is being written by another ttt4j job right now (a"
        + " run or a resume of it); wait for that job to end or stop it, then resume this folder");
  }

  /**
   * Makes {@code dir} if missing, and returns the outermost folder that was missing (then made:
   * {@code dir} or a parent of it; null when {@code dir} existed).
   */
  private static Path create(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is a file, not a folder; give a new folder path");
    }
    Path missing = null;
    for (Path p = dir.toAbsolutePath().normalize(); p != null && Files.notExists(p);
        p = p.getParent()) {
      missing = p;
    }
    try {
      Files.createDirectories(dir);
      return missing;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run folder " + dir + ": " + reason(e)
          + "; choose a writable path", e);
    }
  }

  /** What the OS said, in words: many of these exceptions carry only the path as message. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof NoSuchFileException) {
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

  /**
   * Deletes {@code .lock} while it is still held (a job that opened it meanwhile finds it gone
   * once it gets the lock, and tries again on a new one: see {@link #acquire}), releases it, and
   * removes the folders {@link #acquire} made if they are still empty.
   */
  @Override
  public void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolve(FILE));
    } catch (IOException ignored) {
      // left behind as a crashed job's would be: the next job locks it
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close below releases it too
    }
    closeQuietly(channel);
    removeCreatedIfEmpty();
  }

  /** Removes {@code dir}, then its parents up to {@link #created}, while each is empty. */
  private void removeCreatedIfEmpty() {
    if (created == null) {
      return;
    }
    for (Path p = dir.toAbsolutePath().normalize(); p != null && p.startsWith(created);
        p = p.getParent()) {
      try {
        Files.delete(p);
      } catch (IOException notEmpty) {
        return;            // written into (or by another job now): kept, with its parents
      }
    }
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
