package org.ttt4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.model.YShapedVit;

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

  /**
   * Classifies every sample ({@link YShapedVit#predict}) in batches of {@code batch};
   * {@code progress} gets the count done.
   */
  public static Accuracy measure(YShapedVit model, Dataset data, int batch,
      IntConsumer progress) {
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
      int[] pred = model.predict(images);
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
    int total = java.util.Arrays.stream(perTotal).sum();
    return new Accuracy(correct, total, perCorrect, perTotal, predictions);
  }
}
