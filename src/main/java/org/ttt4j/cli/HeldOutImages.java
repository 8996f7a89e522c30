package org.ttt4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import picocli.CommandLine;

/**
 * How many training images a model's run held out as its validation split, so that
 * {@code --split val} measures only images the model never trained on. {@code ttt4j train} records
 * the count in the manifest next to the model ({@code data.validation_images}, e.g. "2000 (last of
 * the train split)"); a command measuring on {@code --split val} takes that count when {@code --val}
 * is not given, and refuses a larger one, whose extra images were trained on.
 */
final class HeldOutImages {

  private HeldOutImages() {}

  /** What a model's training run recorded of its data: the {@code --data} it read, as typed. */
  record Recorded(String source, int heldOut) {}

  /**
   * What the training run of {@code modelFile} recorded in the manifest beside it: its data and
   * how many of the training images it held out; empty when there is no such manifest (or it
   * records no held-out count: a run that did not train).
   */
  static Optional<Recorded> recorded(Path modelFile) {
    Path manifest = ModelOption.manifestOf(modelFile);
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    Map<String, String> made;
    try {
      made = JsonFiles.read(manifest, RunManifest.class).map(RunManifest::data).orElse(null);
    } catch (RuntimeException unreadable) {
      return Optional.empty();             // not a manifest of ours: nothing known of its split
    }
    if (made == null || made.get("validation_images") == null || made.get("source") == null) {
      return Optional.empty();
    }
    String count = made.get("validation_images").trim().split("\\s+", 2)[0];
    try {
      return Optional.of(new Recorded(made.get("source"), Integer.parseInt(count)));
    } catch (NumberFormatException notACount) {
      return Optional.empty();
    }
  }

  /**
   * The {@code --val} to measure {@code --split val} with: {@code given} when the option was
   * typed (refused when larger than what the model's run held out), else the recorded count, else
   * {@code given} (the default). {@code resuming}: the command line is that of a run being
   * resumed, whose --val the user cannot change, so a refusal asks for a new run instead.
   *
   * @throws CommandLine.ParameterException when the model's run held out no images, or fewer
   *     than a typed {@code --val}
   */
  static int validation(CommandLine.Model.CommandSpec spec, Path modelFile, String data,
      int given, boolean resuming) {
    return validation(spec, modelFile, data, given,
        spec.commandLine().getParseResult().hasMatchedOption("--val"), resuming);
  }

  /**
   * The same, {@code typed} saying whether {@code given} is the user's (typed now, or the count
   * a resumed run began with) rather than the option's default.
   */
  static int validation(CommandLine.Model.CommandSpec spec, Path modelFile, String data,
      int given, boolean typed, boolean resuming) {
    Optional<Recorded> made = recorded(modelFile);
    if (made.isEmpty()) {
      return given;
    }
    if (!sameData(made.get().source(), data)) {
      if (!made.get().source().equalsIgnoreCase("fashion-mnist")
          && !data.equalsIgnoreCase("fashion-mnist") && isRelativePath(made.get().source())
          && given > made.get().heldOut()) {
        // a path the run typed relative to a folder it does not name: maybe these very images
        spec.commandLine().getErr().println("note: " + modelFile + " was trained on --data "
            + made.get().source() + " (relative to where that run ran), holding out its last "
            + made.get().heldOut() + " training images; if that is " + data + ", give --val "
            + made.get().heldOut() + " or less, or --split val measures images it trained on");
      }
      return given;
    }
    int n = made.get().heldOut();
    if (n == 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--split val: " + modelFile
          + " was trained on every training image (its run held out none, `--val 0`), so no"
          + " image of that split is new to it; " + (resuming ? "a resume keeps the run's"
              + " split, so start a new run with --out and --split test" : "use --split test"));
    }
    if (typed && given > n) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--val " + given + ": the run"
          + " of " + modelFile + " held out only the last " + n + " training images, so "
          + (given - n) + " of these " + given + " were trained on; " + (resuming
              ? "a resume keeps the run's --val, so start a new run with --out and --val " + n
                  + " or less, or without --val"
              : "give --val " + n + " or less, or drop --val"));
    }
    return typed ? given : n;
  }

  /**
   * What a training run starting from {@code init} should say when the run that made {@code init}
   * held out fewer of the same training images than this run's validation split
   * ({@code validation}): the rest of that split was trained on by {@code init}'s run, so a figure
   * measured on it is not a held-out one. Empty when nothing is known or the splits nest.
   */
  static Optional<String> initOverlap(Path init, String data, int validation) {
    return recorded(init)
        .filter(r -> sameData(r.source(), data) && r.heldOut() < validation)
        .map(r -> "note: --init " + init + " comes from a run that held out only the last "
            + r.heldOut() + " training images, so " + (validation - r.heldOut()) + " of this"
            + " run's " + validation + " validation images were trained on there; give --val "
            + r.heldOut() + " or less for a validation split new to both");
  }

  private static boolean isRelativePath(String data) {
    try {
      return !Path.of(data).isAbsolute();
    } catch (java.nio.file.InvalidPathException notAPath) {
      return false;
    }
  }

  /** Whether two {@code --data} values name the same dataset. */
  private static boolean sameData(String recorded, String data) {
    if (recorded == null) {
      return false;
    }
    if (recorded.equalsIgnoreCase(data)) {
      return true;
    }
    try {
      return Path.of(recorded).toAbsolutePath().normalize()
          .equals(Path.of(data).toAbsolutePath().normalize());
    } catch (java.nio.file.InvalidPathException notAPath) {
      return false;
    }
  }
}
