package org.ttt4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.ttt4j.data.Image;

/** The bridge from {@code data.Image} (uint8 HWC) to model input (float32 NCHW, normalised). */
public final class Tensors {

  private Tensors() {}

  /**
   * Stacks images into [N, C, H, W] float32, each value {@code (v/255 - mean[c]) / std[c]} as
   * torchvision's ToTensor + Normalize. All images must share one shape.
   */
  public static NDArray batch(NDManager m, List<Image> images, double[] mean, double[] std) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("cannot make a batch of zero images");
    }
    Image first = images.get(0);
    int c = first.channels();
    int h = first.height();
    int w = first.width();
    if (mean.length != c || std.length != c) {
      throw new IllegalArgumentException("normalisation has " + mean.length
          + " channels, images have " + c);
    }
    int plane = h * w;
    float[] out = new float[images.size() * c * plane];
    float[][] lut = new float[c][256];
    for (int ch = 0; ch < c; ch++) {
      for (int v = 0; v < 256; v++) {
        lut[ch][v] = (float) ((v / 255.0f - mean[ch]) / std[ch]);
      }
    }
    for (int i = 0; i < images.size(); i++) {
      Image img = images.get(i);
      if (img.channels() != c || img.height() != h || img.width() != w) {
        throw new IllegalArgumentException("image " + i + " is " + img.height() + "x"
            + img.width() + "x" + img.channels() + ", the batch is " + h + "x" + w + "x" + c);
      }
      byte[] px = img.pixels();
      int base = i * c * plane;
      for (int p = 0; p < plane; p++) {
        for (int ch = 0; ch < c; ch++) {
          out[base + ch * plane + p] = lut[ch][px[p * c + ch] & 0xFF];
        }
      }
    }
    return HostArrays.of(m, out, new Shape(images.size(), c, h, w));
  }
}
