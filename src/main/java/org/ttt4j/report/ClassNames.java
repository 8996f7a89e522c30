package org.ttt4j.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ttt4j.data.DatasetFormat;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Split;
import org.ttt4j.provenance.JsonFiles;

/**
 * The class names a report puts on tables and legends: Fashion-MNIST's for "fashion-mnist", the
 * dataset's own for a path that still opens (the folder names of class-folder data, CIFAR's
 * names), and "class k" where a dataset has none (or is not there any more: a report needs only
 * records, so names are a lookup that may fail, never a requirement).
 */
public final class ClassNames {

  /** Names by source, so that a report opens each dataset once. */
  private static final Map<String, List<String>> CACHE = new ConcurrentHashMap<>();

  /**
   * The key of the class names in a run manifest's {@code data} map: a JSON array of names,
   * indexed by label (written by the commands that open data).
   */
  public static final String MANIFEST_KEY = "class_names";

  private ClassNames() {}

  /**
   * The names of a manifest's {@link #MANIFEST_KEY} value, a JSON array of strings; empty when
   * there is none or it is not such an array (a hand-edited or foreign manifest: the names are a
   * lookup that may fail, never a requirement).
   */
  public static List<String> parse(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      String[] names = JsonFiles.fromJson(json, String[].class);
      return names == null ? List.of() : java.util.Arrays.asList(names);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** {@code names}, or none when they only number the labels ("0", "1", ...). */
  public static List<String> informative(List<String> names) {
    for (int k = 0; k < names.size(); k++) {
      if (!names.get(k).equals(Integer.toString(k))) {
        return List.copyOf(names);
      }
    }
    return List.of();
  }

  /**
   * The class names of the dataset {@code source} as {@code --data} takes it ("fashion-mnist" or
   * a path), indexed by label; empty when it has none that say more than the label, or cannot be
   * opened from here.
   */
  public static List<String> of(String source) {
    if (source == null || source.isBlank()) {
      return List.of();
    }
    if (source.equalsIgnoreCase("fashion-mnist")) {
      return FashionMnist.CLASS_NAMES;
    }
    Path path = Path.of(source).toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      return List.of();
    }
    return CACHE.computeIfAbsent(path.toString(), k -> read(path));
  }

  private static List<String> read(Path path) {
    for (Split split : List.of(Split.TEST, Split.TRAIN)) {
      try {
        return informative(DatasetFormat.open(path, split).classNames());
      } catch (RuntimeException e) {
        // this split is not there (or the data is unreadable): try the other, else no names
      }
    }
    return List.of();
  }

  /**
   * {@code n} names for labels 0..n−1: {@code names} where they have one, else "class k". A
   * name that is only the label's number ("3", as datasets without names give) reads "class 3".
   */
  public static List<String> complete(List<String> names, int n) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < Math.max(n, names.size()); k++) {
      String name = k < names.size() ? names.get(k) : null;
      out.add(name == null || name.isBlank() || name.equals(Integer.toString(k))
          ? "class " + k : name);
    }
    return out;
  }
}
