package org.ttt4j.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * CIFAR-10-C / Tiny-ImageNet-C style {@code .npy} pair: uint8 images [N, H, W, C] (or [N, H, W] grey)
 * and labels [N] (int64 or uint8), memory-mapped. CIFAR-10-C stacks severities 1..5 along N; use
 * {@link Slice#of} to take one level.
 */
public final class NpyDataset implements Dataset {

  private final Npy.Array images;
  private final Npy.Array labels;
  private final List<String> classNames;
  private final int height;
  private final int width;
  private final int channels;

  private NpyDataset(Npy.Array images, Npy.Array labels, List<String> classNames) {
    this.images = images;
    this.labels = labels;
    this.height = images.shape()[1];
    this.width = images.shape()[2];
    this.channels = images.shape().length == 4 ? images.shape()[3] : 1;
    this.classNames = List.copyOf(classNames);
  }

  /** Opens the pair; empty {@code classNames} names classes "0".."max label". */
  public static NpyDataset open(Path images, Path labels, List<String> classNames) {
    Npy.Array im = Npy.read(images);
    Npy.Array lb = Npy.read(labels);
    int[] s = im.shape();
    if (im.dtype() != Npy.DType.UINT8 || s.length < 3 || s.length > 4
        || (s.length == 4 && s[3] != 1 && s[3] != 3)) {
      throw new MalformedDataException(images, "holds " + im.dtype() + " " + Idx.shape(s)
          + ", expected uint8 images [N, H, W, C] with C = 1 or 3", "save images as uint8 NHWC");
    }
    if (lb.shape().length != 1) {
      throw new MalformedDataException(labels, "has shape " + Idx.shape(lb.shape())
          + ", expected labels [N]", "save a 1-D label array");
    }
    if (lb.count() != im.count()) {
      throw new MalformedDataException(labels, "holds " + lb.count() + " labels but "
          + images.getFileName() + " holds " + im.count() + " images",
          "use the labels that belong to these images (CIFAR-10-C: 5 x 10000 for 5 levels)");
    }
    long max = -1;
    for (int i = 0; i < lb.count(); i++) {
      long v = lb.getLong(i);
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new MalformedDataException(labels, "label " + i + " is " + v, "labels must be 0..C-1");
      }
      max = Math.max(max, v);
    }
    List<String> names = classNames.isEmpty()
        ? IntStream.rangeClosed(0, (int) max).mapToObj(Integer::toString).toList()
        : classNames;
    return new NpyDataset(im, lb, names);
  }

  @Override
  public int size() {
    return images.count();
  }

  @Override
  public LabeledImage get(int index) {
    java.util.Objects.checkIndex(index, size());
    int n = height * width * channels;
    byte[] px = new byte[n];
    images.data().get(index * n, px);
    return new LabeledImage(new Image(height, width, channels, px), (int) labels.getLong(index));
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public String source() {
    return images.file().toString();
  }
}
