package org.ttt4j.experiment;

import java.util.Locale;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.provenance.AtomicFiles;

/**
 * How big the object of a clean image is: pixels brighter than {@link #THRESHOLD} (any channel)
 * are foreground; the size is the area of their bounding box and their count. Computed on the
 * uncorrupted image, since a corruption (noise, fog) changes which pixels pass the threshold.
 */
public final class ObjectSizes {

  /** Foreground threshold on 0..255 pixel values: 10 % of full scale, above JPEG-level noise. */
  public static final int THRESHOLD = 26;

  /** The size of one image's object (0 and 0 for an all-background image). */
  public record Size(int boundingBoxArea, int foregroundPixels) {}

  private ObjectSizes() {}

  public static Size of(Image image) {
    int minY = Integer.MAX_VALUE;
    int minX = Integer.MAX_VALUE;
    int maxY = -1;
    int maxX = -1;
    int count = 0;
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int v = 0;
        for (int c = 0; c < image.channels(); c++) {
          v = Math.max(v, image.get(y, x, c));
        }
        if (v > THRESHOLD) {
          count++;
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
        }
      }
    }
    return count == 0 ? new Size(0, 0) : new Size((maxY - minY + 1) * (maxX - minX + 1), count);
  }

  /**
   * Writes {@code sizes.csv} of the first {@code n} images of {@code clean} (the images that the
   * separate streams use, so image = record position): image, label, bbox_area, foreground_pixels.
   */
  public static void write(Dataset clean, int n, java.nio.file.Path file) {
    StringBuilder sb = new StringBuilder("image,label,bbox_area,foreground_pixels\n");
    for (int i = 0; i < Math.min(n, clean.size()); i++) {
      LabeledImage li = clean.get(i);
      Size s = of(li.image());
      sb.append(String.format(Locale.ROOT, "%d,%d,%d,%d%n", i, li.label(), s.boundingBoxArea(),
          s.foregroundPixels()));
    }
    AtomicFiles.writeString(file, sb.toString());
  }
}
