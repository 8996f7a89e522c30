package org.ttt4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ttt4j.provenance.Digests;

/**
 * What a folder holds, to compare before and after a command that must leave it as it was: each
 * path under it (relative, sorted) with the SHA-256 of its bytes, or "folder".
 */
final class FolderContents {

  private FolderContents() {}

  static Map<String, String> of(Path folder) {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> all = Files.walk(folder)) {
      all.filter(p -> !p.equals(folder)).forEach(p -> contents.put(
          folder.relativize(p).toString(), Files.isDirectory(p) ? "folder" : Digests.sha256(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return contents;
  }
}
