package org.ttt4j.provenance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that a crash never leaves a half-written output: the content goes to a temporary
 * file in the same folder, which is then renamed over the target.
 */
public final class AtomicFiles {

  /** The body of a write: fills the stream. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code target} atomically; on any failure the temp file is removed and nothing changes.
   *
   * @throws UncheckedIOException if the write fails, and up front if {@code target} is a folder
   *     (the rename would fail only after the whole content was written)
   */
  public static void write(Path target, Body body) {
    if (Files.isDirectory(target)) {
      throw new UncheckedIOException("cannot write " + target + ": it is a folder; give a file"
          + " path (a new name, or a file inside that folder)",
          new java.nio.file.FileSystemException(target.toString(), null, "is a folder"));
    }
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // Not Files.createTempFile: it makes the file owner-only (0600), and the rename would carry
      // that over, so a shared dataset or manifest would be unreadable to everyone else. A plain
      // CREATE_NEW gets the ordinary permissions (0666 minus the umask).
      tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try (OutputStream out = new java.io.BufferedOutputStream(
          Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          1 << 16)) {
        body.writeTo(out);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the original error is the one to report
        }
      }
    }
  }

  /** Writes a UTF-8 text file atomically. */
  public static void writeString(Path target, String text) {
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
