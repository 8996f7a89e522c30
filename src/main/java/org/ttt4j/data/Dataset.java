package org.ttt4j.data;

import java.util.List;

/**
 * A finite, indexed, deterministic set of labelled images: {@code get(i)} always returns the same
 * image. Implementations read lazily where the format allows it.
 */
public interface Dataset {

  /** Number of samples. */
  int size();

  /** Sample {@code index}, 0 &le; index &lt; size(). */
  LabeledImage get(int index);

  /** Class names, indexed by label. */
  List<String> classNames();

  /** Where the data came from (a path, a preset name), for manifests and messages. */
  String source();
}
