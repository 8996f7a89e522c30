package org.ttt4j.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of files and bytes, as lower-case hex (the {@code sha256sum} format). */
public final class Digests {

  private Digests() {}

  /** SHA-256 of the file's content. */
  public static String sha256(Path file) {
    MessageDigest md = newSha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to hash it: " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  /** True when {@code file} exists and its SHA-256 is {@code expected}. */
  public static boolean matches(Path file, String expected) {
    return Files.isRegularFile(file) && sha256(file).equals(expected);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java SE must provide", e);
    }
  }
}
