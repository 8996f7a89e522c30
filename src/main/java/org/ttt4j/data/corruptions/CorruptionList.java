package org.ttt4j.data.corruptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** Parses the corruption and level selections of the command line ({@code all}, {@code 1-5}, ...). */
public final class CorruptionList {

  private CorruptionList() {}

  /**
   * {@code all} (the 19), {@code benchmark} (the 15 of Table 1), {@code extra} (the 4 validation
   * ones), or a comma-separated list of names such as {@code gaussian_noise,fog}. Order is kept,
   * duplicates dropped.
   */
  public static List<Corruption> parse(String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "all" -> {
        return List.of(Corruption.values());
      }
      case "benchmark" -> {
        return Corruption.benchmark();
      }
      case "extra" -> {
        return Arrays.stream(Corruption.values()).filter(c -> !c.isBenchmark()).toList();
      }
      default -> {
        LinkedHashSet<Corruption> out = new LinkedHashSet<>();
        for (String name : s.split(",")) {
          if (!name.isBlank()) {
            out.add(Corruption.parse(name));
          }
        }
        if (out.isEmpty()) {
          throw new IllegalArgumentException("no corruption given in '" + spec
              + "'; use all, benchmark, extra or names like gaussian_noise,fog");
        }
        return List.copyOf(out);
      }
    }
  }

  /** Levels as {@code 1-5}, {@code 3}, or {@code 1,3,5}; sorted, duplicates dropped. */
  public static List<Severity> parseLevels(String spec) {
    LinkedHashSet<Integer> levels = new LinkedHashSet<>();
    try {
      for (String part : spec.trim().split(",")) {
        String[] ends = part.trim().split("-");
        int lo = Integer.parseInt(ends[0].trim());
        int hi = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : lo;
        if (ends.length > 2 || hi < lo) {
          throw new NumberFormatException(part);
        }
        for (int l = lo; l <= hi; l++) {
          levels.add(l);
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cannot read levels '" + spec + "'; use e.g. 1-5, 3 or 1,3,5");
    }
    List<Severity> out = new ArrayList<>();
    for (int l : levels.stream().sorted().toList()) {
      if (l < 1 || l > 5) {
        throw new IllegalArgumentException("levels '" + spec + "' include " + l
            + "; severities are 1 to 5 (ImageNet-C levels), e.g. 1-5, 3 or 1,3,5");
      }
      out.add(Severity.of(l));
    }
    return List.copyOf(out);
  }
}
