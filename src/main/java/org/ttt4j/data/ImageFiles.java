package org.ttt4j.data;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.ttt4j.provenance.AtomicFiles;

/**
 * PNG and JPEG files through {@code javax.imageio}: decoding to {@link Image} (grey, also a palette
 * of greys only, stays one channel, anything else becomes RGB, alpha is dropped) and writing PNG
 * atomically.
 */
public final class ImageFiles {

  /** Image types that {@link #isImage} does not accept, and datasets would otherwise skip. */
  private static final Set<String> SKIPPED_IMAGE_TYPES =
      Set.of("bmp", "gif", "tif", "tiff", "webp", "ppm", "pgm", "pbm", "heic", "avif");

  private ImageFiles() {}

  /** True for the extensions the readers here accept (png, jpg, jpeg; any case). */
  public static boolean isImage(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  /**
   * Refuses an image among {@code entries} in a format the readers skip (bmp, gif, tiff, webp, ...),
   * so that it is not silently left out of a dataset.
   */
  static void refuseUnreadImages(List<Path> entries) {
    for (Path p : entries) {
      String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
      String ext = n.substring(n.lastIndexOf('.') + 1);
      if (n.contains(".") && SKIPPED_IMAGE_TYPES.contains(ext)) {
        throw new MalformedDataException(p, "is a ." + ext + " image, and ttt4j reads only"
            + " .png/.jpg/.jpeg", "convert it to PNG, or move it out of the folder");
      }
    }
  }

  /** Decodes an image file. Grey PNGs are read from the raster, so values are not gamma-mapped. */
  public static Image read(Path file) {
    BufferedImage b = decode(file);
    int h = b.getHeight();
    int w = b.getWidth();
    Raster r = b.getRaster();
    if (b.getColorModel() instanceof IndexColorModel palette && isGrey(palette)) {
      byte[] px = new byte[h * w];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          px[y * w + x] = (byte) palette.getRed(r.getSample(x, y, 0));
        }
      }
      return new Image(h, w, 1, px);
    }
    if (b.getColorModel().getNumColorComponents() == 1 && !(b.getColorModel() instanceof IndexColorModel)) {
      int max = (1 << b.getColorModel().getComponentSize(0)) - 1;
      byte[] px = new byte[h * w];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int v = r.getSample(x, y, 0);
          px[y * w + x] = (byte) (max == 255 ? v : Math.round(v * 255.0 / max));
        }
      }
      return new Image(h, w, 1, px);
    }
    byte[] px = new byte[h * w * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      b.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        px[i] = (byte) (row[x] >> 16);
        px[i + 1] = (byte) (row[x] >> 8);
        px[i + 2] = (byte) row[x];
      }
    }
    return new Image(h, w, 3, px);
  }

  /** A palette of greys only (as image optimisers write grey PNGs): the image is grey. */
  private static boolean isGrey(IndexColorModel palette) {
    for (int i = 0; i < palette.getMapSize(); i++) {
      if (palette.getRed(i) != palette.getGreen(i) || palette.getRed(i) != palette.getBlue(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes a per-pixel label map: the raw first-band sample of each pixel (for palette PNGs the
   * palette index), as a one-channel image. Values above 255 are an error.
   */
  public static Image readLabelMap(Path file) {
    BufferedImage b = decode(file);
    if (b.getRaster().getNumBands() != 1) {
      throw new MalformedDataException(file, "label map has " + b.getRaster().getNumBands()
          + " bands", "save labels as a grey or palette PNG whose values are class indices");
    }
    int h = b.getHeight();
    int w = b.getWidth();
    byte[] px = new byte[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = b.getRaster().getSample(x, y, 0);
        if (v > 255) {
          throw new MalformedDataException(file, "label " + v + " at (" + y + ", " + x
              + ") does not fit in 8 bits", "use at most 256 classes");
        }
        px[y * w + x] = (byte) v;
      }
    }
    return new Image(h, w, 1, px);
  }

  /** Width and height from the file header, without decoding the pixels: {height, width}. */
  public static int[] size(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw unreadable(file, "no PNG/JPEG reader recognises it", null);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        return new int[] {reader.getHeight(0), reader.getWidth(0)};
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw unreadable(file, e.getMessage(), e);
    }
  }

  /** Writes {@code image} as PNG, atomically (grey as 8-bit grey, colour as 8-bit RGB). */
  public static void writePng(Path file, Image image) {
    BufferedImage b = toBufferedImage(image);
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(b, "png", out)) {
        throw new IOException("no PNG writer available in this JDK");
      }
    });
  }

  /** The image as a {@code BufferedImage} (TYPE_BYTE_GRAY or TYPE_INT_RGB), e.g. for drawing. */
  public static BufferedImage toBufferedImage(Image image) {
    int h = image.height();
    int w = image.width();
    if (image.isGrey()) {
      BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      WritableRaster r = b.getRaster();
      r.setDataElements(0, 0, w, h, image.pixels());
      return b;
    }
    BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    byte[] p = image.pixels();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        row[x] = (p[i] & 0xFF) << 16 | (p[i + 1] & 0xFF) << 8 | (p[i + 2] & 0xFF);
      }
      b.setRGB(0, y, w, 1, row, 0, w);
    }
    return b;
  }

  private static BufferedImage decode(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new MalformedDataException(file, "image file not found", "check the path");
    }
    try {
      BufferedImage b = ImageIO.read(file.toFile());
      if (b == null) {
        throw unreadable(file, "no PNG/JPEG reader recognises it", null);
      }
      return b;
    } catch (IOException | RuntimeException e) {
      if (e instanceof MalformedDataException m) {
        throw m;
      }
      throw unreadable(file, String.valueOf(e.getMessage()), e);
    }
  }

  private static MalformedDataException unreadable(Path file, String why, Throwable cause) {
    return new MalformedDataException(file, "cannot decode image (" + why + ")",
        "the file is damaged or not a PNG/JPEG; re-export it or remove it from the folder", cause);
  }

  static UncheckedIOException listing(Path dir, IOException e) {
    return new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
  }
}
