package org.ttt4j.data.corruptions;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * The frost textures of the reference (spec §4.2), shipped unmodified as resources next to their
 * {@code SHA256SUMS}, decoded once and pre-scaled the way the reference does it: OpenCV
 * {@code resize(fx = fy = scale, INTER_LINEAR)} on 8-bit data (none for 224, 0.3 for 64, 0.2
 * for 32 and the 28x28 grey rule). Grey images use the luma texture
 * {@code round(0.299 R + 0.587 G + 0.114 B)} of the full-size image, scaled the same way (§8).
 */
final class FrostTextures {
  /** Resource folder, relative to this class. */
  static final String FOLDER = "frost/";

  /** File names; the reference's {@code randint(5)} only ever picks the first five (§10.2). */
  static final String[] FILES = {
    "frost1.png", "frost2.png", "frost3.png", "frost4.jpg", "frost5.jpg", "frost6.jpg"
  };

  private static final Map<Key, Texture> CACHE = new ConcurrentHashMap<>();

  private FrostTextures() {}

  /** A decoded texture: {@code channels} (3 = RGB, 1 = luma) interleaved 8-bit values. */
  record Texture(int height, int width, int channels, int[] values) {}

  private record Key(int index, double scale, boolean luma) {}

  /** Texture {@code index} (0-based), pre-scaled by {@code scale}; luma for grey images. */
  static Texture get(int index, double scale, boolean luma) {
    return CACHE.computeIfAbsent(new Key(index, scale, luma), FrostTextures::load);
  }

  private static Texture load(Key key) {
    Texture rgb = decode(FILES[key.index()]);
    Texture source = key.luma() ? replicatedLuma(rgb) : rgb;
    Texture scaled = key.scale() == 1.0 ? source : resizeLinear(source, key.scale());
    return key.luma() ? firstChannel(scaled) : scaled;
  }

  /** Decodes a resource to 8-bit RGB (alpha dropped). */
  static Texture decode(String file) {
    String path = FOLDER + file;
    try (InputStream in = FrostTextures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "frost texture " + path + " is missing from the classpath (expected under"
                + " src/main/resources/org/ttt4j/data/corruptions/); rebuild the jar");
      }
      BufferedImage image = ImageIO.read(in);
      if (image == null) {
        throw new IllegalStateException("no image decoder for frost texture " + path);
      }
      Raster raster = image.getRaster();
      int h = image.getHeight();
      int w = image.getWidth();
      int bands = raster.getNumBands();
      int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
      int[] rgb = new int[h * w * 3];
      for (int p = 0; p < h * w; p++) {
        for (int k = 0; k < 3; k++) {
          rgb[p * 3 + k] = samples[p * bands + (bands >= 3 ? k : 0)];
        }
      }
      return new Texture(h, w, 3, rgb);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read frost texture " + path, e);
    }
  }

  /** Luma of every pixel, replicated to three channels (what the grey rule feeds to resize). */
  private static Texture replicatedLuma(Texture rgb) {
    int[] v = rgb.values();
    int[] out = new int[v.length];
    for (int p = 0; p < v.length; p += 3) {
      int y = (int) Math.rint(0.299 * v[p] + 0.587 * v[p + 1] + 0.114 * v[p + 2]);
      out[p] = y;
      out[p + 1] = y;
      out[p + 2] = y;
    }
    return new Texture(rgb.height(), rgb.width(), 3, out);
  }

  private static Texture firstChannel(Texture t) {
    int[] out = new int[t.height() * t.width()];
    for (int p = 0; p < out.length; p++) {
      out[p] = t.values()[p * t.channels()];
    }
    return new Texture(t.height(), t.width(), 1, out);
  }

  /**
   * OpenCV {@code resize(src, (0, 0), fx = scale, fy = scale, INTER_LINEAR)} for 8-bit data:
   * half-pixel centres, 11-bit fixed-point weights, horizontal pass into integers, then the
   * vectorised vertical pass's rounding {@code (((a >> 4) b0 >> 16) + ((c >> 4) b1 >> 16) + 2) >> 2}.
   */
  static Texture resizeLinear(Texture src, double scale) {
    int sh = src.height();
    int sw = src.width();
    int cn = src.channels();
    int dh = (int) Math.rint(sh * scale);
    int dw = (int) Math.rint(sw * scale);
    double inverse = 1.0 / scale;
    int[] xofs = new int[dw];
    short[][] alpha = axisWeights(sw, dw, inverse, xofs);
    int[] yofs = new int[dh];
    short[][] beta = axisWeights(sh, dh, inverse, yofs);
    int[] out = new int[dh * dw * cn];
    int[] row0 = new int[dw * cn];
    int[] row1 = new int[dw * cn];
    for (int dy = 0; dy < dh; dy++) {
      int sy = yofs[dy];
      horizontal(src, Math.min(sy, sh - 1), xofs, alpha, row0);
      horizontal(src, Math.min(sy + 1, sh - 1), xofs, alpha, row1);
      int b0 = beta[dy][0];
      int b1 = beta[dy][1];
      for (int i = 0; i < row0.length; i++) {
        int v = ((((row0[i] >> 4) * b0) >> 16) + (((row1[i] >> 4) * b1) >> 16) + 2) >> 2;
        out[dy * dw * cn + i] = Math.max(0, Math.min(255, v));
      }
    }
    return new Texture(dh, dw, cn, out);
  }

  /** Per output index: source index in {@code ofs}, weights {1 - f, f} scaled by 2048. */
  private static short[][] axisWeights(int in, int out, double inverse, int[] ofs) {
    short[][] w = new short[out][2];
    for (int d = 0; d < out; d++) {
      float f = (float) ((d + 0.5) * inverse - 0.5);
      int s = (int) Math.floor(f);
      f -= s;
      if (s < 0) {
        f = 0;
        s = 0;
      }
      if (s >= in - 1) {
        f = 0;
        s = in - 1;
      }
      ofs[d] = s;
      w[d][0] = (short) Math.rint((1.f - f) * 2048f);
      w[d][1] = (short) Math.rint(f * 2048f);
    }
    return w;
  }

  private static void horizontal(Texture src, int sy, int[] xofs, short[][] alpha, int[] row) {
    int sw = src.width();
    int cn = src.channels();
    int[] v = src.values();
    int base = sy * sw * cn;
    for (int dx = 0; dx < xofs.length; dx++) {
      int sx = xofs[dx];
      int sx1 = Math.min(sx + 1, sw - 1);
      for (int k = 0; k < cn; k++) {
        row[dx * cn + k] =
            v[base + sx * cn + k] * alpha[dx][0] + v[base + sx1 * cn + k] * alpha[dx][1];
      }
    }
  }
}
