package org.ttt4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.eval.video.VideoRun;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.ttt.TttConfig;
import org.ttt4j.ttt.video.Memory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code ttt4j video} checks before any video runs: options the strategy would ignore, the
 * model segments these videos (every frame and label map; a usage error when not, so that nothing
 * is written), the parameters it adapts are reached by the loss, and the notes worth reading
 * before a long run.
 */
final class VideoChecks {

  /** The options of how TTT adapts that {@code --strategy fixed} takes, and ignores. */
  private static final List<String> ADAPTING = List.of("--steps", "--lr", "--momentum",
      "--batch", "--mask-ratio", "--crop-min", "--params", "--group");

  private VideoChecks() {}

  /**
   * Refuses an option given for another strategy than {@code memory} ({@code strategy} as typed),
   * which would be ignored without a word, as {@code ttt4j eval} does. Fixed takes the options
   * every adapting strategy shares ({@code --steps}, {@code --lr}, ...) and adapts nothing: a
   * sweep over the strategies may pass the same ones to all, as to eval's fixed
   * ({@link #ignoredByFixed} names them in a note).
   */
  static void requireOptionsThatApply(CommandSpec spec, String strategy, Memory memory) {
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    String why = null;
    if (given.hasMatchedOption("--k") && !(memory instanceof Memory.Window)) {
      why = "--k is the window of --strategy window";
    } else if (given.hasMatchedOption("--epochs") && !(memory instanceof Memory.Offline)) {
      why = "--epochs is of --strategy offline (its passes before predicting)";
    } else if (given.hasMatchedOption("--steps") && memory instanceof Memory.Offline) {
      why = "--steps is of no-memory, online and window (steps per frame; offline takes one step"
          + " per frame in each of its --epochs)";
    }
    if (why != null) {
      throw OptionValues.ignored(spec, why + ", not of --strategy " + strategy);
    }
  }

  /**
   * The note naming the options of how TTT adapts given to {@code memory} when it is fixed, which
   * adapts nothing, in eval's words ({@link OptionValues#ignoredByFixed}); empty otherwise.
   */
  static Optional<String> ignoredByFixed(CommandSpec spec, Memory memory) {
    return memory instanceof Memory.Fixed ? OptionValues.ignoredByFixed(spec, ADAPTING)
        : Optional.empty();
  }

  /**
   * Refuses a model that is not a segmentation model, or cannot read a frame of a video in
   * {@code list} (each is read: a frame the run would stop at is refused before it starts), or
   * does not predict a class its labels hold.
   */
  static void requireSegments(YShapedVit net, Path model, List<VideoFolder> list) {
    if (net.config().head() != HeadType.DENSE) {
      throw new ModelOption.Refused(model + " has a " + net.config().head() + " head, not"
          + " a dense one; give a segmentation model (the default, models/fmnist-video, or one"
          + " of `ttt4j train seg`)");
    }
    for (VideoFolder v : list) {          // before anything is written: no folder to clean up
      ModelOption.requireFits(net, model, v.frames(), false);
      requireOneChannelCount(v);
      requireClasses(v, net.config().numClasses());
    }
  }

  /**
   * Refuses a video whose frames differ in channel count (grey and RGB): the model's check of its
   * first frame stands for all of them. (Their sizes were checked when it was opened.)
   */
  private static void requireOneChannelCount(VideoFolder v) {
    int channels = v.frames().get(0).image().channels();
    for (int t = 1; t < v.size(); t++) {
      int c = v.frames().get(t).image().channels();
      if (c != channels) {
        throw new ModelOption.Refused(v.frameFile(t) + " has " + c + " channels, but "
            + v.frameFile(0).getFileName() + " has " + channels + "; all frames of a video must"
            + " have one channel count (the model's): convert it, or remove it");
      }
    }
  }

  /**
   * Refuses a video whose label maps hold a class the model does not predict, as a usage error
   * (the model and the videos do not go together), before any video runs.
   */
  private static void requireClasses(VideoFolder v, int classes) {
    try {
      VideoRun.requireClasses(v, classes);
    } catch (VideoRun.LabelNotPredicted e) {
      throw new ModelOption.Refused(e.getMessage());
    }
  }

  /** Refuses {@code --params head} for a strategy that adapts: the loss never reaches the head. */
  static void requireAdapting(CommandSpec spec, TttConfig ttt, Memory memory) {
    if (ttt.group() instanceof ParamGroup.Head && !(memory instanceof Memory.Fixed)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--params head adapts"
          + " nothing: the MAE loss that TTT minimises does not reach the dense head, so the"
          + " run would equal --strategy fixed; adapt the encoder (the default), norms, lastN"
          + " or encoder+decoder");
    }
  }

  /**
   * Lines worth reading before a long run: a window longer than a video, label files that belong
   * to no frame, videos without labels (whose masks go to their run folder under {@code out}).
   */
  static List<String> notes(Memory memory, List<VideoFolder> list, Path out) {
    List<String> notes = new ArrayList<>();
    for (VideoFolder v : list) {
      String name = v.dir().getFileName().toString();
      if (memory instanceof Memory.Window w && w.k() > v.size()) {
        notes.add("note: the window k = " + w.k() + " is longer than " + name + " (" + v.size()
            + " frames): each step there draws from every frame so far");
      }
      List<String> extra = v.labelsWithoutFrame();
      if (!extra.isEmpty()) {
        notes.add("warning: " + name + ": " + extra.size() + " label map(s) in labels/ belong to no"
            + " frame and are not read (" + String.join(", ", extra.subList(0,
            Math.min(3, extra.size()))) + (extra.size() > 3 ? ", ..." : "") + "); check that"
            + " frames and labels have the same names");
      }
      if (!v.hasLabels()) {
        notes.add("note: " + name + " has no labels/: its frames are adapted on and segmented,"
            + " not scored; the masks go to " + VideoRuns.runDir(out, v).resolve("predicted"));
      }
    }
    return notes;
  }
}
