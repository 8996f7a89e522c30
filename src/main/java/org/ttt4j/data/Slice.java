package org.ttt4j.data;

import java.util.List;
import java.util.Objects;

/** Samples {@code from} (inclusive) to {@code to} (exclusive) of another dataset, without copying. */
public record Slice(Dataset parent, int from, int to) implements Dataset {

  public Slice {
    Objects.requireNonNull(parent, "parent");
    if (from < 0 || to < from || to > parent.size()) {
      throw new IllegalArgumentException("slice [" + from + ", " + to + ") is outside "
          + parent.source() + " of size " + parent.size());
    }
  }

  /** The first {@code min(limit, size)} samples. */
  public static Dataset first(Dataset parent, int limit) {
    return limit >= parent.size() ? parent : new Slice(parent, 0, limit);
  }

  /** Same as the canonical constructor, for readability at call sites. */
  public static Slice of(Dataset parent, int from, int to) {
    return new Slice(parent, from, to);
  }

  @Override
  public int size() {
    return to - from;
  }

  @Override
  public LabeledImage get(int index) {
    Objects.checkIndex(index, size());
    return parent.get(from + index);
  }

  @Override
  public List<String> classNames() {
    return parent.classNames();
  }

  @Override
  public String source() {
    return parent.source() + "[" + from + ":" + to + "]";
  }
}
