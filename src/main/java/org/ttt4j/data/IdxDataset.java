package org.ttt4j.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An MNIST-style pair of IDX files (images [N, H, W] and labels [N]) held as two compact byte arrays;
 * {@code get(i)} copies one image out.
 */
public final class IdxDataset implements Dataset {

  private final Idx.Tensor images;
  private final Idx.Tensor labels;
  private final List<String> classNames;
  private final int height;
  private final int width;

  private IdxDataset(Idx.Tensor images, Idx.Tensor labels, List<String> classNames) {
    this.images = images;
    this.labels = labels;
    this.height = images.dims()[1];
    this.width = images.dims()[2];
    this.classNames = List.copyOf(classNames);
  }

  /**
   * Opens {@code images} and {@code labels} (raw or .gz). With an empty {@code classNames} the
   * classes are named "0".."max label".
   */
  public static IdxDataset open(Path images, Path labels, List<String> classNames) {
    Idx.Tensor im = Idx.read(images, Idx.IMAGES_MAGIC);
    Idx.Tensor lb = Idx.read(labels, Idx.LABELS_MAGIC);
    if (im.count() != lb.count()) {
      throw new MalformedDataException(labels, "holds " + lb.count() + " labels but " + images.getFileName()
          + " holds " + im.count() + " images", "use the labels file that belongs to these images");
    }
    int maxLabel = -1;
    for (int i = 0; i < lb.count(); i++) {
      maxLabel = Math.max(maxLabel, lb.data()[lb.offset() + i] & 0xFF);
    }
    List<String> names = classNames;
    if (names.isEmpty()) {
      names = IntStream.rangeClosed(0, maxLabel).mapToObj(Integer::toString).toList();
    } else if (maxLabel >= names.size()) {
      throw new MalformedDataException(labels, "has label " + maxLabel + " but only " + names.size()
          + " class names are known", "use the labels file of this dataset");
    }
    return new IdxDataset(im, lb, names);
  }

  @Override
  public int size() {
    return images.count();
  }

  @Override
  public LabeledImage get(int index) {
    java.util.Objects.checkIndex(index, size());
    int n = height * width;
    byte[] px = new byte[n];
    System.arraycopy(images.data(), images.offset() + index * n, px, 0, n);
    return new LabeledImage(new Image(height, width, 1, px), labels.data()[labels.offset() + index] & 0xFF);
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
