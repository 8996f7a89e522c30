package org.ttt4j.data;

import java.util.Arrays;

/**
 * torchvision's {@code ToTensor()} + {@code Normalize(mean, std)}: {@code (p / 255 - mean[c]) /
 * std[c]} per channel, in float32. One entry per image channel.
 */
public record Normalize(float[] mean, float[] std) {

  public Normalize {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException("mean and std need one entry per channel, got "
          + mean.length + " and " + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** ImageNet statistics (RGB), as MAE and TTT-MAE use them. */
  public static Normalize imagenet() {
    return new Normalize(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
  }

  /** From double-precision statistics (as model configs store them). */
  public static Normalize of(double[] mean, double[] std) {
    float[] m = new float[mean.length];
    float[] s = new float[std.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) mean[i];
    }
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) std[i];
    }
    return new Normalize(m, s);
  }

  /** Only scaling to [0, 1] ({@code ToTensor()} alone). */
  public static Normalize unit(int channels) {
    float[] zero = new float[channels];
    float[] one = new float[channels];
    Arrays.fill(one, 1f);
    return new Normalize(zero, one);
  }

  /** Channel count this normalisation is for. */
  public int channels() {
    return mean.length;
  }

  /**
   * The image as float CHW ({@code out[(c * H + y) * W + x]}), normalised. The channel counts of the
   * image and of this record must agree.
   */
  public float[] toFloatCHW(Image image) {
    int c = image.channels();
    if (c != mean.length) {
      throw new IllegalArgumentException("image has " + c + " channels but Normalize has "
          + mean.length + "; use Normalize for " + c + " channel(s)");
    }
    int plane = image.height() * image.width();
    byte[] px = image.pixels();
    float[] out = new float[c * plane];
    for (int ch = 0; ch < c; ch++) {
      float m = mean[ch];
      float s = std[ch];
      for (int p = 0; p < plane; p++) {
        float v = (px[p * c + ch] & 0xFF) / 255f;
        out[ch * plane + p] = (v - m) / s;
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalize n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }
}
