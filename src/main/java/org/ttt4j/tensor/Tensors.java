package org.ttt4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.ttt4j.data.Image;
import org.ttt4j.data.Normalize;

/** The bridge from {@code data.Image} (uint8 HWC) to model input (float32 NCHW, normalised). */
public final class Tensors {

  private Tensors() {}

  /**
   * Stacks images into [N, C, H, W] float32, normalised as torchvision's ToTensor + Normalize. All
   * images must share one shape. The array is owned by {@code m}.
   */
  public static NDArray batch(NDManager m, List<Image> images, Normalize normalize) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("cannot make a batch of zero images");
    }
    Image first = images.get(0);
    int c = first.channels();
    int h = first.height();
    int w = first.width();
    int size = c * h * w;
    float[] out = new float[images.size() * size];
    for (int i = 0; i < images.size(); i++) {
      Image img = images.get(i);
      if (img.channels() != c || img.height() != h || img.width() != w) {
        throw new IllegalArgumentException("image " + i + " is " + img.height() + "x"
            + img.width() + "x" + img.channels() + ", the batch is " + h + "x" + w + "x" + c);
      }
      System.arraycopy(normalize.toFloatCHW(img), 0, out, i * size, size);
    }
    return HostArrays.of(m, out, new Shape(images.size(), c, h, w));
  }

  /**
   * A view of {@code x} (same storage) owned by {@code scope}. DJL puts the result of an operation
   * in the manager of its input, so a step that computes from a caller's array would otherwise
   * leave all its intermediates in the caller's manager until that closes; computed from the view,
   * they land in {@code scope} and are freed with it, while {@code x} stays with its owner.
   */
  public static NDArray viewIn(NDArray x, NDManager scope) {
    NDArray view = x.reshape(x.getShape());
    view.attach(scope);
    return view;
  }

  /** An array [N, ...] read back as N Java rows, each of its N-th of the elements, in order. */
  public static float[][] rows(NDArray x) {
    int n = (int) x.getShape().get(0);
    int k = (int) (x.size() / Math.max(1, n));
    float[] flat = x.toFloatArray();
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
    }
    return rows;
  }
}
