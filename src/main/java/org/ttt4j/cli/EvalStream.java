package org.ttt4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.CorruptionList;
import org.ttt4j.eval.StreamSpec;
import org.ttt4j.ttt.Sample;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The test stream of an eval run, built from its options: the clean images ({@code --data},
 * {@code --split}; with {@code --split val} the last training images, as many as {@code --val}
 * says or the model's run held out: {@link HeldOutImages}), the corrupted segments the strategy
 * runs through, and the held-out sets measured between them.
 *
 * @param opts the data options: {@code --data}, and the validation count {@link HeldOutImages}
 *     took
 * @param trainAndVal the training images and the validation split, for {@code --split val} only
 *     (else null)
 * @param clean the images the stream corrupts
 * @param segments the stream, one list of samples per corruption (or level, or pair)
 * @param holdout held-out images per segment (empty without {@code --holdout-every})
 */
record EvalStream(DataOptions opts, DataOptions.Splits trainAndVal, Dataset clean,
    List<List<Sample>> segments, List<List<Sample>> holdout) {

  /**
   * The stream that {@code --stream}, {@code --corruptions}, {@code --level}, {@code --samples}
   * and {@code --seed} describe (the clean stream without corruptions); a usage error of
   * {@code spec}'s command when they do not describe one.
   */
  static StreamSpec describe(CommandSpec spec, String stream, String corruptions, int level,
      int samples, long seed) {
    return OptionValues.check(spec, () -> new StreamSpec(StreamSpec.Kind.parse(stream),
        isClean(stream) ? List.of() : CorruptionList.parse(corruptions), level, samples, seed));
  }

  /**
   * Whether {@code --stream} names the clean stream, however it is written ({@code CLEAN} too, as
   * {@link StreamSpec.Kind#parse} reads it); false for an unknown name, which {@link #describe}
   * refuses.
   */
  static boolean isClean(String stream) {
    try {
      return StreamSpec.Kind.parse(stream) == StreamSpec.Kind.CLEAN;
    } catch (IllegalArgumentException unknown) {
      return false;
    }
  }

  /**
   * Opens the data of {@code opts} ({@code split}: checked already) and builds the stream of
   * {@code streamSpec}, with {@code holdoutSize} held-out images per corruption when
   * {@code holdoutEvery} is on; every refusal a usage error of {@code spec}'s command.
   */
  static EvalStream open(CommandSpec spec, DataOptions opts, String split, StreamSpec streamSpec,
      int holdoutEvery, int holdoutSize) {
    DataOptions.Splits trainAndVal = DataOptions.isValidation(split)
        ? OptionValues.check(spec, opts::trainAndValidation) : null;
    Dataset clean = trainAndVal != null ? OptionValues.check(spec, trainAndVal::requireValidation)
        : opts.open(Split.parse(split));
    // sizes first: building a stream corrupts every image, seconds before a late refusal
    OptionValues.check(spec, () -> {
      streamSpec.requireFits(clean, holdoutEvery > 0 ? holdoutSize : 0);
      return null;
    });
    List<List<Sample>> segments = OptionValues.check(spec, () -> streamSpec.build(clean));
    List<List<Sample>> holdout = holdoutEvery > 0
        ? OptionValues.check(spec, () -> streamSpec.holdout(clean, holdoutSize)) : List.of();
    return new EvalStream(opts, trainAndVal, clean, segments, holdout);
  }

  /** Samples in the whole stream. */
  int total() {
    return segments.stream().mapToInt(List::size).sum();
  }

  /** Where the images come from, for the manifest ({@code split} as given). */
  Map<String, String> provenance(String split) {
    Map<String, String> data = new LinkedHashMap<>(trainAndVal != null
        ? trainAndVal.provenance() : opts.provenance(Split.parse(split)));
    data.put("split", trainAndVal != null ? "validation: the last " + opts.validation
        + " training images" : split);
    return data;
  }
}
