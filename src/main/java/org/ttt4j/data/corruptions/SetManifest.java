package org.ttt4j.data.corruptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code manifest.json} of a corrupted set: how it was made (seed, seed rule, spec version, source
 * data, command line, versions) and, per finished part, the SHA-256 of every file it wrote, so a
 * re-run can verify and skip it.
 *
 * @param manifestVersion layout of this record (1)
 * @param specVersion {@link CorruptedSetWriter#SPEC_VERSION} of the corruption kernels
 * @param ttt4j version of the build that wrote the set
 * @param createdAt ISO-8601 time of the last update
 * @param commandLine the arguments, as typed
 * @param seed root seed
 * @param seedRule how per-image seeds derive from the root ({@link CorruptionSeeds#RULE})
 * @param data source of the clean images
 * @param split train/test (or "-")
 * @param images number of clean images used
 * @param format idx, npy or png
 * @param classNames label names
 * @param files shared files (labels.npy, contact sheet): relative path to SHA-256
 * @param parts finished parts
 * @param unavailable corruptions that could not be made, with the reason
 */
public record SetManifest(int manifestVersion, int specVersion, String ttt4j, String createdAt,
    List<String> commandLine, long seed, String seedRule, String data, String split, int images,
    String format, List<String> classNames, Map<String, String> files, List<Part> parts,
    List<Unavailable> unavailable) {

  /** Current {@code manifestVersion}. */
  public static final int VERSION = 1;

  /** One written part: a corruption at one level (idx, png) or all levels stacked (npy). */
  public record Part(String corruption, List<Integer> levels, int images, Map<String, String> sha256) {}

  /** A corruption left out, e.g. because its kernel is not implemented yet. */
  public record Unavailable(String corruption, String reason) {}

  /** True when {@code other} was made by the same recipe, so its parts can be reused. */
  public boolean sameRecipe(SetManifest other) {
    return other != null && differences(other).isEmpty();
  }

  /**
   * What of the recipe differs between this (recorded) set and {@code other} (a new run), one
   * {@code "name: this there, other now"} per setting; empty when they are the same.
   */
  public List<String> differences(SetManifest other) {
    List<String> d = new ArrayList<>();
    differ(d, "format", format, other.format);
    differ(d, "seed", seed, other.seed);
    differ(d, "data", data, other.data);
    differ(d, "split", split, other.split);
    differ(d, "images", images, other.images);
    differ(d, "corruption spec version", specVersion, other.specVersion);
    differ(d, "seed rule", seedRule, other.seedRule);
    return d;
  }

  private static void differ(List<String> d, String name, Object there, Object now) {
    if (!Objects.equals(there, now)) {
      d.add(name + ": " + there + " there, " + now + " now");
    }
  }
}
