package org.ttt4j.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The native helpers ttt4j ships as resources (src/main/native, built by tools/native/build.sh):
 * where they run, and how a resource becomes a file the dynamic loader can open.
 */
final class NativeLibraries {

  private NativeLibraries() {}

  /** True on Linux x86-64, the only platform the shipped libraries are built for. */
  static boolean platformSupported() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
  }

  /**
   * Copies {@code /native/linux-x86_64/<name>} to a file named by its content under
   * {@code java.io.tmpdir/ttt4j-native} (written to a temporary file and moved, so concurrent
   * processes never load a half-written library); returns that file, or null when the resource
   * is missing.
   */
  static Path extract(String name) throws IOException {
    byte[] bytes;
    try (InputStream in = NativeLibraries.class.getResourceAsStream("/native/linux-x86_64/"
        + name)) {
      if (in == null) {
        return null;
      }
      bytes = in.readAllBytes();
    }
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "ttt4j-native");
    Files.createDirectories(dir);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    String stem = name.endsWith(".so") ? name.substring(0, name.length() - 3) : name;
    Path lib = dir.resolve(String.format("%s-%08x.so", stem, crc.getValue()));
    if (!Files.isRegularFile(lib) || Files.size(lib) != bytes.length) {
      Path tmp = Files.createTempFile(dir, stem, ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return lib;
  }
}
