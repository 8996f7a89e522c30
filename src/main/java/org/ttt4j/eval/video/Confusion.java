package org.ttt4j.eval.video;

import org.ttt4j.data.Image;
import org.ttt4j.data.video.VideoFolder;

/**
 * A per-pixel confusion matrix of semantic segmentation, accumulated over frames: IoU per class =
 * TP / (TP + FP + FN), mIoU = mean IoU over the classes present in the ground truth, pixel
 * accuracy = correct / all pixels. (Accumulating over a whole video before dividing is the usual
 * video mIoU; a frame's own mIoU uses only that frame.) A ground-truth pixel of value
 * {@link VideoFolder#IGNORE} (255, void) counts nowhere.
 */
public final class Confusion {

  private final int classes;
  private final long[][] counts;      // [truth][predicted]

  public Confusion(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("need at least one class, got " + classes);
    }
    this.classes = classes;
    this.counts = new long[classes][classes];
  }

  /**
   * Adds a frame: ground-truth and predicted label maps of the same size; ground-truth pixels of
   * value {@link VideoFolder#IGNORE} are left out.
   */
  public void add(Image truth, Image predicted) {
    if (truth.size() != predicted.size()) {
      throw new IllegalArgumentException("label map has " + truth.size() + " pixels, prediction "
          + predicted.size());
    }
    for (int i = 0; i < truth.size(); i++) {
      int t = truth.pixels()[i] & 0xFF;
      int p = predicted.pixels()[i] & 0xFF;
      if (t == VideoFolder.IGNORE && classes <= VideoFolder.IGNORE) {
        continue;
      }
      if (t >= classes || p >= classes) {
        throw new IllegalArgumentException("label " + Math.max(t, p) + " at pixel " + i
            + " is not below the class count " + classes + " (nor " + VideoFolder.IGNORE
            + ", void); check the label maps' values");
      }
      counts[t][p]++;
    }
  }

  /** Adds every count of {@code other}. */
  public void addAll(Confusion other) {
    for (int t = 0; t < classes; t++) {
      for (int p = 0; p < classes; p++) {
        counts[t][p] += other.counts[t][p];
      }
    }
  }

  /** IoU of class {@code c}, or NaN when the class is absent from both truth and prediction. */
  public double iou(int c) {
    long tp = counts[c][c];
    long fn = 0;
    long fp = 0;
    for (int k = 0; k < classes; k++) {
      if (k != c) {
        fn += counts[c][k];
        fp += counts[k][c];
      }
    }
    long union = tp + fp + fn;
    return union == 0 ? Double.NaN : (double) tp / union;
  }

  /** Mean IoU over the classes that occur in the ground truth (NaN when nothing was added). */
  public double meanIou() {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < classes; c++) {
      if (truthCount(c) > 0) {
        sum += iou(c);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Fraction of pixels predicted correctly. */
  public double pixelAccuracy() {
    long correct = 0;
    long all = 0;
    for (int t = 0; t < classes; t++) {
      for (int p = 0; p < classes; p++) {
        all += counts[t][p];
        correct += t == p ? counts[t][p] : 0;
      }
    }
    return all == 0 ? Double.NaN : (double) correct / all;
  }

  /** Ground-truth pixels of class {@code c}. */
  public long truthCount(int c) {
    long n = 0;
    for (long v : counts[c]) {
      n += v;
    }
    return n;
  }

  public int classes() {
    return classes;
  }
}
