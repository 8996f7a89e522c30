package org.ttt4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * How {@code train}, {@code train seg} and {@code eval} continue a stopped run: every setting comes
 * from the run (the command line in its manifest, the configs in its training state), none from
 * the resume's command line, which is read here, in one way, for all of them. An option typed on
 * the resume's line is accepted only when it says what the run was started with (train), or not
 * at all (eval), so nothing typed is silently ignored, and nothing silently changes the run.
 */
final class RunResume {

  private RunResume() {}

  /** The manifest.json of the run in {@code dir}, if it has one. */
  static Optional<RunManifest> manifest(Path dir) {
    return JsonFiles.read(dir.resolve("manifest.json"), RunManifest.class);
  }

  /**
   * The manifest.json of the run in {@code dir} that {@code --resume} names; a usage error of
   * {@code spec}'s command naming the file when there is none.
   */
  static RunManifest requireManifest(CommandSpec spec, Path dir) {
    Path file = dir.resolve("manifest.json");
    return manifest(dir).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
        "--resume " + dir + ": no " + file + "; give the folder of a `" + spec.qualifiedName(" ")
            + "` run"));
  }

  /**
   * Whether the run of {@code manifest} is complete, which a resume then says on stderr: it has
   * nothing to do (and exits with 0).
   */
  static boolean isComplete(CommandSpec spec, Path dir, RunManifest manifest) {
    if (manifest.finished() == null) {
      return false;
    }
    spec.commandLine().getErr().println(dir + " is complete (finished " + manifest.finished()
        + "); nothing to resume");
    return true;
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
      if (started.isPresent() && isComplete(spec, dir, started.get())) {
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
    Optional<CommandSpec> parsed;
    try {
      parsed = parse(spec, manifest, type);
    } catch (CommandLine.ParameterException e) {
      throw noLongerParses(spec, dir, manifest, e);
    }
    CommandSpec original = parsed.orElseThrow(() -> new CommandLine.ParameterException(
        spec.commandLine(), dir + " is not a run of `" + spec.qualifiedName(" ") + "` (it was"
            + " started by: " + String.join(" ", manifest.command()) + "); give the folder of"
            + " one"));
    requireSameOptions(spec, original, dir);
    return type.cast(original.userObject());
  }

  /**
   * The command that started the run of {@code manifest}, parsed again as {@link #original} does,
   * for a command that runs it once more (its output goes where {@code spec}'s does); empty when
   * another command started the run. Options given to the resume are not looked at: see
   * {@link #requireNoOptions}.
   *
   * @throws CommandLine.ParameterException when the command line is {@code type}'s but no longer
   *     parses (an option this ttt4j does not know)
   */
  static <T> Optional<T> rerun(CommandSpec spec, RunManifest manifest, Class<T> type) {
    return parse(spec, manifest, type).map(original -> type.cast(original.userObject()));
  }

  /**
   * The usage error of a resume whose run's own command line, as its manifest recorded it, no
   * longer parses ({@code e}): the user typed only {@code --resume}, so the message names the
   * run's line and what to do.
   */
  static CommandLine.ParameterException noLongerParses(CommandSpec spec, Path dir,
      RunManifest manifest, CommandLine.ParameterException e) {
    return new CommandLine.ParameterException(spec.commandLine(), "--resume " + dir + ": the"
        + " command line the run was started with, `" + String.join(" ", manifest.command())
        + "` (its manifest.json), no longer parses (" + e.getMessage() + "); finish the run"
        + " with the ttt4j version in its manifest, or start a new run with --out", e);
  }

  /** The command line of {@code manifest}, parsed by a fresh {@code ttt4j}: its last command. */
  private static Optional<CommandSpec> parse(CommandSpec spec, RunManifest manifest,
      Class<?> type) {
    List<String> args = manifest.command();
    CommandLine main = new CommandLine(new Main());
    main.setOut(spec.commandLine().getOut());
    main.setErr(spec.commandLine().getErr());
    CommandLine.ParseResult parsed;
    try {
      parsed = main.parseArgs(
          args.subList(Math.min(1, args.size()), args.size()).toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      if (type.isInstance(e.getCommandLine().getCommand())) {
        throw e;
      }
      return Optional.empty();
    }
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    return type.isInstance(parsed.commandSpec().userObject()) ? Optional.of(parsed.commandSpec())
        : Optional.empty();
  }

  /**
   * Refuses every option given to a resume but {@code --resume} (and the inherited
   * {@code --verbose}): a command whose resume re-runs the run's own command line would ignore
   * them.
   */
  static void requireNoOptions(CommandSpec spec, Path dir) {
    List<String> others = spec.commandLine().getParseResult().matchedOptions().stream()
        .map(OptionSpec::longestName)
        .filter(n -> !n.equals("--resume") && !n.equals("--verbose")).distinct().toList();
    if (!others.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--resume continues " + dir
          + " with the options it was started with, so " + String.join(", ", others)
          + " would be ignored; drop " + (others.size() == 1 ? "it" : "them") + ", or start a new"
          + " run with --out");
    }
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
   * The absolute path of the model file a run's manifest records (eval's "modelFile"), when it
   * still names a file: where a resume from another folder finds a model that the run's command
   * line gave by a relative path.
   */
  static Optional<String> modelFile(RunManifest manifest) {
    return manifest.configs().get("modelFile") instanceof String m && Path.of(m).isAbsolute()
        && Files.isRegularFile(Path.of(m)) ? Optional.of(m) : Optional.empty();
  }

  /**
   * The manifest of a resumed run whose command line, parsed again, rebuilt the configs
   * {@code now}: refused when one of {@code keys} differs from what the manifest recorded (the
   * line left an option to its default, and the default changed since the run started), rather
   * than mix two settings in one run; a key the manifest lacks (recorded only since) is not
   * compared. The manifest returned holds the rebuilt values where they are equal: read back from
   * JSON, its integers would be written again as doubles ({@code "batch": 8.0}).
   */
  static RunManifest withSameConfigs(Path dir, RunManifest was, Map<String, Object> now,
      List<String> keys) {
    for (String key : keys) {
      if (!was.configs().containsKey(key)) {
        continue;
      }
      Object recorded = JsonFiles.asJsonValue(was.configs().get(key));   // maps compare without order
      Object is = JsonFiles.asJsonValue(now.get(key));
      if (!Objects.equals(recorded, is)) {
        throw new IllegalArgumentException("cannot resume " + dir + ": its command line now gives"
            + " other settings than the run was started with (" + String.join("; ",
                JsonFiles.differences(key, recorded, is, "in the run", "now")) + "; a default"
            + " changed since the run started); finish it with the ttt4j version in its manifest,"
            + " or start a new run");
      }
    }
    Map<String, Object> configs = new LinkedHashMap<>();
    was.configs().forEach((k, v) -> configs.put(k, now.containsKey(k)
        && Objects.equals(JsonFiles.asJsonValue(v), JsonFiles.asJsonValue(now.get(k))) ? now.get(k) : v));
    return new RunManifest(was.tool(), was.command(), configs, was.seed(), was.data(),
        was.gitCommit(), was.versions(), was.started(), was.finished(), was.metrics(),
        was.resumed());
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
