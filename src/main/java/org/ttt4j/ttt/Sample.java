package org.ttt4j.ttt;

import org.ttt4j.data.Image;

/**
 * One element of a test stream: its position, the (possibly corrupted) image, the true label, and
 * what shift it carries ({@code corruption} "clean" with severity 0 for clean data).
 * {@code imageIndex} is the index in the clean dataset of the image it was made from (the same
 * image under another corruption, level or stream order has the same index), or −1 for a sample
 * not made from a dataset image.
 */
public record Sample(int position, Image image, int label, String corruption, int severity,
    int imageIndex) {

  /** A sample not made from a dataset image (imageIndex −1). */
  public Sample(int position, Image image, int label, String corruption, int severity) {
    this(position, image, label, corruption, severity, -1);
  }

  /** The same sample at another stream position. */
  public Sample at(int newPosition) {
    return new Sample(newPosition, image, label, corruption, severity, imageIndex);
  }
}
