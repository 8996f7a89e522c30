package org.ttt4j.data;

import java.nio.file.Path;

/**
 * A data file or folder that cannot be read as the format it claims to be. The message always names
 * the file, says what is wrong and what to do about it, e.g. {@code "t10k-images-idx3-ubyte.gz:
 * gzip stream ends early (truncated download?); delete it and download it again"}.
 */
public final class MalformedDataException extends RuntimeException {

  private final transient Path file;

  /** A problem with {@code file}; {@code fix} tells the reader what to do next. */
  public MalformedDataException(Path file, String problem, String fix) {
    this(file, problem, fix, null);
  }

  /** As above, keeping the low-level cause (e.g. the {@code ZipException}). */
  public MalformedDataException(Path file, String problem, String fix, Throwable cause) {
    super(file + ": " + problem + "; " + fix, cause);
    this.file = file;
  }

  /** The offending file or folder. */
  public Path file() {
    return file;
  }
}
