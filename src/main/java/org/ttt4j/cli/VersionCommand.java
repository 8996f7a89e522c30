package org.ttt4j.cli;

import java.util.concurrent.Callable;
import org.ttt4j.provenance.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ttt4j version}: ttt4j, Java, DJL, PyTorch, threads, CPU. */
@Command(name = "version", description = "Print ttt4j, Java, DJL, PyTorch versions, threads and CPU.")
final class VersionCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Versions.current(true).lines().forEach(spec.commandLine().getOut()::println);
    return 0;
  }

  /** For {@code ttt4j --version}: the same facts without loading libtorch. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return Versions.current(false).lines().toArray(String[]::new);
    }
  }
}
