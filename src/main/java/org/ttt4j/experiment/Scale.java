package org.ttt4j.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * What every run of an experiment shares: the model, the corruptions and level of the test
 * streams, the seed, and the size (null {@code samples}: each experiment's default, which runs in a
 * few minutes on 2 cores).
 *
 * @param model checkpoint or run folder (null or empty: the shipped model)
 * @param data dataset as {@code ttt4j eval --data} takes it (fashion-mnist or a path)
 * @param corruptions corruption list as {@code ttt4j eval --corruptions} takes it
 * @param level severity 1..5
 * @param samples samples per corruption of the experiment's main runs, or null for its default
 * @param seed root seed of corruptions, views and masks
 */
public record Scale(String model, String data, String corruptions, int level, Integer samples,
    long seed) {

  /** Seed 000's Table 1 corruptions. */
  public static final String TABLE1 = "gaussian_noise,motion_blur,zoom_blur,contrast,pixelate";

  public Scale {
    if (level < 1 || level > 5) {
      throw new IllegalArgumentException("--level must be 1..5, got " + level);
    }
    if (samples != null && samples < 5) {
      throw new IllegalArgumentException("--samples must be at least 5, got " + samples);
    }
  }

  /** {@code samples} when given, else {@code fallback}. */
  int n(int fallback) {
    return samples != null ? samples : fallback;
  }

  /** The corruptions as a list of names. */
  public List<String> corruptionNames() {
    return List.of(corruptions.split(","));
  }

  /** The options every eval run of the experiment starts with. */
  List<String> common() {
    List<String> a = new ArrayList<>();
    if (model != null && !model.isBlank()) {
      a.addAll(List.of("--model", model));
    }
    if (!data.equalsIgnoreCase("fashion-mnist")) {
      a.addAll(List.of("--data", data));
    }
    a.addAll(List.of("--split", "test", "--corruptions", corruptions, "--level",
        Integer.toString(level), "--seed", Long.toString(seed)));
    return a;
  }
}
