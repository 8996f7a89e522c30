package org.ttt4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.ttt4j.model.Safetensors;
import org.ttt4j.provenance.FolderLock;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.train.TrainState;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How {@code train} and {@code train seg} continue a stopped run: every setting comes from the run
 * (the command line in its manifest, the configs in its training state), none from the resume's
 * command line. An option typed on that line is accepted only when it says what the run was
 * started with, so nothing typed is silently ignored, and nothing silently changes the run.
 */
final class RunResume {

  private RunResume() {}

  /** The manifest.json of the run in {@code dir}, if it has one. */
  static Optional<RunManifest> manifest(Path dir) {
    return JsonFiles.read(dir.resolve("manifest.json"), RunManifest.class);
  }

  /** What a resume continues: the run's manifest, this resume added, and its training state. */
  record Stopped(RunManifest manifest, Safetensors.Contents state) {}

  /** The rest of a resume, run while the folder is locked. */
  interface Continuation {
    int resume(Stopped run) throws IOException;
  }

  /**
   * Resumes the stopped run in {@code dir}: locks the folder (a job still writing it refuses
   * this one), says so and returns 0 when the run is complete, reads its manifest and state
   * (announced on stderr), and hands them to {@code then} under the lock. {@code legacy} gives the
   * manifest of a run whose manifest.json is missing (an earlier ttt4j wrote it at the end only).
   */
  static int resume(CommandSpec spec, Path dir, Function<Safetensors.Contents, RunManifest> legacy,
      Continuation then) throws IOException {
    Path statePath = dir.resolve(TrainState.FILE);
    if (!Files.isDirectory(dir)) {       // before the lock, which would create it
      throw new CommandLine.ParameterException(spec.commandLine(), "--resume: " + dir
          + " does not exist; start the run without --resume");
    }
    try (FolderLock lock = FolderLock.acquire(dir)) {
      Optional<RunManifest> started = manifest(dir);
      if (started.isPresent() && started.get().finished() != null) {
        spec.commandLine().getErr().println(dir + " is complete (finished "
            + started.get().finished() + "); nothing to resume");
        return 0;
      }
      if (!Files.isRegularFile(statePath)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--resume: " + statePath
            + " does not exist; start the run without --resume");
      }
      Safetensors.Contents saved = TrainState.read(statePath);
      long step = Long.parseLong(saved.metadata().get("step"));
      spec.commandLine().getErr().println("resuming " + dir + " at step " + step);
      RunManifest manifest = started.orElseGet(() -> legacy.apply(saved));
      return then.resume(new Stopped(manifest.resumedBy(OptionValues.commandLine(spec), step), saved));
    }
  }

  /**
   * The command that started the run of {@code manifest}, parsed again: an object of
   * {@code type} holding that command line's option values. A usage error of {@code spec}'s
   * command when the run was started by another command, or when an option given to the resume
   * says something else than the run's.
   */
  static <T> T original(CommandSpec spec, RunManifest manifest, Path dir, Class<T> type) {
    List<String> args = manifest.command();
    CommandLine.ParseResult parsed;
    try {
      parsed = new CommandLine(new Main()).parseArgs(
          args.subList(Math.min(1, args.size()), args.size()).toArray(String[]::new));
      while (parsed.hasSubcommand()) {
        parsed = parsed.subcommand();
      }
    } catch (CommandLine.ParameterException e) {
      parsed = null;
    }
    if (parsed == null || !type.isInstance(parsed.commandSpec().userObject())) {
      throw new CommandLine.ParameterException(spec.commandLine(), dir + " is not a run of `"
          + spec.qualifiedName(" ") + "` (it was started by: " + String.join(" ", args)
          + "); give the folder of one");
    }
    requireSameOptions(spec, parsed.commandSpec(), dir);
    return type.cast(parsed.commandSpec().userObject());
  }

  private static void requireSameOptions(CommandSpec spec, CommandSpec original, Path dir) {
    for (OptionSpec typed : spec.commandLine().getParseResult().matchedOptions()) {
      String name = typed.longestName();
      if (typed.inherited() || name.equals("--resume") || name.equals("--out")) {
        continue;        // -v, and the two options every resume gives
      }
      Object was = original.findOption(name).getValue();
      if (!Objects.equals(typed.getValue(), was)) {
        throw new CommandLine.ParameterException(spec.commandLine(), name + " "
            + typed.getValue() + " is not the setting of the run in " + dir + ": it was started"
            + (was == null ? " without " + name : " with " + name + " " + was) + ", and a resume"
            + " continues a run with its own settings; drop " + name + ", or start a new run with"
            + " another --out");
      }
    }
  }

  /**
   * Refuses to continue on other data than the run started with ({@code was}: its manifest's data
   * provenance; {@code now}: the same of the data read again), e.g. a changed dataset file.
   */
  static void requireSameData(CommandSpec spec, Path dir, Map<String, String> was,
      Map<String, String> now) {
    for (String key : was.keySet()) {
      if (!Objects.equals(was.get(key), now.get(key))) {
        throw new CommandLine.ParameterException(spec.commandLine(), "the data of the run in "
            + dir + " has changed since it started: its " + key + " was " + was.get(key)
            + ", now " + now.get(key) + "; a resume needs the same data: restore it, or start a"
            + " new run with another --out");
      }
    }
  }
}
