package org.ttt4j.eval;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.Normalize;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.tensor.Tensors;

/**
 * Top-1 accuracy of a fixed model (no adaptation) on a dataset, overall and per class, with a 95 %
 * Wilson interval.
 *
 * @param correct correctly classified samples
 * @param total samples
 * @param perClassCorrect by true label
 * @param perClassTotal by true label
 * @param predictions the predicted label of every sample, in dataset order
 */
public record Accuracy(int correct, int total, int[] perClassCorrect, int[] perClassTotal,
    int[] predictions) {

  /** Fraction correct. */
  public double top1() {
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  /** The 95 % Wilson score interval of {@link #top1()}. */
  public double[] wilson95() {
    return Wilson.interval(correct, total, 1.959964);
  }

  /** Accuracy of class {@code k}. */
  public double classTop1(int k) {
    return perClassTotal[k] == 0 ? Double.NaN : (double) perClassCorrect[k] / perClassTotal[k];
  }

  /** Value equality: the arrays by their contents (a record's default compares references). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Accuracy a && correct == a.correct && total == a.total
        && Arrays.equals(perClassCorrect, a.perClassCorrect)
        && Arrays.equals(perClassTotal, a.perClassTotal)
        && Arrays.equals(predictions, a.predictions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(correct, total, Arrays.hashCode(perClassCorrect),
        Arrays.hashCode(perClassTotal), Arrays.hashCode(predictions));
  }

  /** The record's fields, the arrays by their contents (not {@code [I@40005471}). */
  @Override
  public String toString() {
    return "Accuracy[correct=" + correct + ", total=" + total + ", perClassCorrect="
        + Arrays.toString(perClassCorrect) + ", perClassTotal=" + Arrays.toString(perClassTotal)
        + ", predictions=" + Arrays.toString(predictions) + "]";
  }

  /**
   * The predicted class of each image (8-bit, the model's size and channels, normalised as it was
   * trained), the unmasked encoder and the head in eval mode; every array it makes is freed
   * before it returns. A dense head, which labels pixels, is refused, and so is an empty list or
   * an image of another size or channel count (an {@link IllegalArgumentException} naming it).
   */
  public static int[] predict(YShapedVit model, List<Image> images) {
    MaeConfig c = model.config();
    if (c.head() == HeadType.DENSE) {
      throw new IllegalStateException("a dense head labels every pixel, not the image; use"
          + " YShapedVit.classify(NDArray) for its [N, classes, H, W] logits");
    }
    try (NDManager scope = model.weights().manager().newSubManager()) {
      long[] top = model.classify(Tensors.batch(scope, images, Normalize.of(c.mean(), c.std())))
          .argMax(1).toLongArray();
      int[] out = new int[top.length];
      for (int i = 0; i < top.length; i++) {
        out[i] = (int) top[i];
      }
      return out;
    }
  }

  /**
   * Classifies every sample ({@link #predict}) in batches of {@code batch} (at least 1, or an
   * {@link IllegalArgumentException}); {@code progress} gets the count done. Labels outside the
   * model's classes are left out of the counts.
   */
  public static Accuracy measure(YShapedVit model, Dataset data, int batch,
      IntConsumer progress) {
    if (batch < 1) {
      throw new IllegalArgumentException("Accuracy.measure needs a batch of at least 1 image, got "
          + batch + "; give e.g. 256");
    }
    int k = model.config().numClasses();
    int[] perCorrect = new int[k];
    int[] perTotal = new int[k];
    int[] predictions = new int[data.size()];
    int correct = 0;
    for (int from = 0; from < data.size(); from += batch) {
      int to = Math.min(data.size(), from + batch);
      List<Image> images = new ArrayList<>(to - from);
      int[] labels = new int[to - from];
      for (int i = from; i < to; i++) {
        LabeledImage sample = data.get(i);      // a corrupted set corrupts on get: once
        images.add(sample.image());
        labels[i - from] = sample.label();
      }
      int[] pred = predict(model, images);
      for (int j = 0; j < pred.length; j++) {
        predictions[from + j] = pred[j];
        int y = labels[j];
        if (y >= 0 && y < k) {
          perTotal[y]++;
          if (pred[j] == y) {
            perCorrect[y]++;
            correct++;
          }
        }
      }
      progress.accept(to);
    }
    int total = Arrays.stream(perTotal).sum();
    return new Accuracy(correct, total, perCorrect, perTotal, predictions);
  }
}
