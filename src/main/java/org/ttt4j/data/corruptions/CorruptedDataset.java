package org.ttt4j.data.corruptions;

import java.util.List;
import java.util.Objects;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.LabeledImage;

/**
 * A clean dataset seen through one corruption at one severity, image by image, with the same seed
 * rule as {@code ttt4j corrupt}: image i equals image i of the written set.
 */
public record CorruptedDataset(Dataset clean, Corruption corruption, Severity severity, long seed)
    implements Dataset {

  /** Refuses a missing dataset, corruption or severity at once, rather than at the first get. */
  public CorruptedDataset {
    Objects.requireNonNull(clean, "clean dataset is null; give the dataset to corrupt");
    Objects.requireNonNull(corruption, "corruption is null; e.g. Corruption.parse(\"fog\")");
    Objects.requireNonNull(severity, "severity is null; e.g. Severity.of(5)");
  }

  @Override
  public int size() {
    return clean.size();
  }

  @Override
  public LabeledImage get(int index) {
    LabeledImage li = clean.get(index);
    return new LabeledImage(corruption.apply(li.image(), severity, seed, index), li.label());
  }

  @Override
  public List<String> classNames() {
    return clean.classNames();
  }

  @Override
  public String source() {
    return clean.source() + " " + corruption.id() + ":" + severity.level() + " (seed " + seed + ")";
  }
}
