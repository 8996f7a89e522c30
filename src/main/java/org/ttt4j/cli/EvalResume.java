package org.ttt4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.train.TrainState;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The folder of an eval run: a new run gets a folder of its own, and {@code --resume} continues a
 * stopped run by re-running its original command line (read through {@link RunResume}) with the
 * same settings, into the same records.
 */
final class EvalResume {

  private static final String RECORDS = "records.jsonl";

  private EvalResume() {}

  /** Re-runs the original command line of the run in {@code dir}, continuing its state. */
  static int resume(CommandSpec spec, Path dir) {
    RunResume.requireNoOptions(spec, dir);
    RunManifest manifest = RunResume.requireManifest(spec, dir);
    Supplier<CommandLine.ParameterException> notEval = () ->
        new CommandLine.ParameterException(spec.commandLine(), dir.resolve("manifest.json")
            + " is not the manifest of a `ttt4j eval` run");
    if (EvalCommand.evalAt(manifest.command()) < 0) {
      throw notEval.get();
    }
    if (RunResume.isComplete(spec, dir, manifest)) {
      return 0;
    }
    Optional<EvalCommand> parsed;
    try {
      parsed = RunResume.rerun(spec, manifest, EvalCommand.class);
    } catch (CommandLine.ParameterException e) {
      throw RunResume.noLongerParses(spec, dir, manifest, e);
    }
    EvalCommand original = parsed.orElseThrow(notEval);
    original.out = dir;      // the folder may have moved since
    // a --model given relative to where the run started: the manifest has its absolute path
    RunResume.modelFile(manifest).ifPresent(m -> original.model = m);
    original.resuming = true;
    if (!original.spec.commandLine().getParseResult().hasMatchedOption("--val")) {
      original.resumedValidation = validationImages(manifest);
    }
    original.resumeCommand = OptionValues.commandLine(spec);
    spec.commandLine().getErr().println("resuming " + dir + ": "
        + String.join(" ", manifest.command()));
    return original.call();
  }

  /**
   * How many validation images the run of {@code manifest} began on ("validation: the last N
   * training images"); null for a run on another split.
   */
  private static Integer validationImages(RunManifest manifest) {
    String split = manifest.data() == null ? null : manifest.data().get("split");
    java.util.regex.Matcher m = split == null ? null
        : java.util.regex.Pattern.compile("validation: the last (\\d+) ").matcher(split);
    return m != null && m.lookingAt() ? Integer.valueOf(m.group(1)) : null;
  }

  /**
   * The manifest of the run in {@code out} that a resume continues, checked against the configs
   * its command line rebuilt ({@code configs}) and the split it now reads ({@code data}'s
   * "split"): the same settings and the same images, or no resume. (A resume keeps the
   * validation images the run began on, {@link EvalCommand#resumedValidation}; this guards the
   * rest of the split's description.)
   */
  static RunManifest continued(Path out, Map<String, Object> configs, Map<String, String> data) {
    RunManifest was = RunResume.manifest(out).orElseThrow(() -> new IllegalArgumentException(
        "cannot read " + out.resolve("manifest.json")));
    String split = was.data() == null ? null : was.data().get("split");
    if (split != null && !split.equals(data.get("split"))) {
      throw new IllegalArgumentException("cannot resume " + out + ": it ran on " + split
          + ", but its command line now gives " + data.get("split") + "; finish it with the"
          + " ttt4j version and model manifest it started with, or start a new run with --out");
    }
    // the same model file may be named from another folder now: its absolute path is compared
    String model = was.configs().containsKey("modelFile") ? "modelFile" : "model";
    return RunResume.withSameConfigs(out, was, configs,
        List.of("method", "strategy", "ttt", "stream", model));
  }

  /**
   * Refuses an {@code --out} that holds an eval run's records (resume it instead) or the files of
   * something else (another command's manifest, a summary): a new run would overwrite them.
   */
  static void requireNewFolder(CommandSpec spec, Path out) {
    if (Files.exists(out.resolve(RECORDS))) {
      throw new CommandLine.ParameterException(spec.commandLine(), out + " already holds a run;"
          + " continue it with --resume " + out + ", or choose another --out");
    }
    Path manifestFile = out.resolve("manifest.json");
    if (Files.exists(manifestFile)) {
      List<String> command;
      try {
        command = RunResume.manifest(out).map(RunManifest::command).orElse(null);
      } catch (RuntimeException unreadable) {
        command = null;
      }
      if (command != null && EvalCommand.evalAt(command) >= 0) {
        return;            // an eval run that stopped before its first record: started again
      }
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " holds the"
          + " manifest.json of another run" + (command == null || command.size() < 2 ? ""
              : " (`" + String.join(" ", command.subList(0, Math.min(3, command.size()))) + "`)")
          + ", which a new eval run would overwrite; give the eval run a folder of its own");
    }
    for (String name : List.of("summary.md", "summary.csv", "holdout.jsonl", TrainState.FILE)) {
      if (Files.exists(out.resolve(name))) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " holds "
            + name + " but no eval run, and a new run would overwrite it; give the eval run a"
            + " folder of its own");
      }
    }
  }
}
