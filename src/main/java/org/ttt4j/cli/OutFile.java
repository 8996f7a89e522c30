package org.ttt4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * An {@code --out} that names one file to write: a folder there is a usage error, found before any
 * work is done (the writer would refuse it too, but only at the end).
 */
final class OutFile {

  private OutFile() {}

  /** Fails if {@code out} is a folder, suggesting {@code out/example} instead. */
  static void requireNotFolder(CommandLine.Model.CommandSpec spec, Path out, String example) {
    if (Files.isDirectory(out)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out
          + " is a folder; give a file path, e.g. " + out.resolve(example));
    }
  }
}
