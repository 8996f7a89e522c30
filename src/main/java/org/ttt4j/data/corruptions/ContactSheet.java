package org.ttt4j.data.corruptions;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;

/**
 * A grid for eyeballing a corrupted set: one row per corruption (its name on the left), one column
 * per level with the clean images first, a few images per cell. Small images are enlarged with
 * nearest-neighbour so pixels stay visible; large ones (224) are shrunk by an integer factor with
 * box averaging so that 19 rows stay a sheet one can scroll (and commit: ~1.5 MB, not ~6 MB).
 */
public final class ContactSheet {

  private static final int LABEL_WIDTH = 150;
  private static final int HEADER = 22;
  private static final int GAP = 6;
  private static final int MIN_SIDE = 56;
  private static final int MAX_SIDE = 128;

  /** One row: its label and {@code cells[column][k]}. */
  public record Row(String label, Image[][] cells) {}

  private ContactSheet() {}

  /** Draws the grid; {@code columns} are the headers ("clean", "1", ... "5"). */
  public static BufferedImage render(List<String> columns, List<Row> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("a contact sheet needs at least one row");
    }
    Image sample = rows.get(0).cells()[0][0];
    int side = Math.max(sample.width(), sample.height());
    int zoom = Math.max(1, (MIN_SIDE + side - 1) / side);
    int shrink = Math.max(1, (side + MAX_SIDE - 1) / MAX_SIDE);
    int tileW = sample.width() * zoom / shrink;
    int tileH = sample.height() * zoom / shrink;
    int perCell = rows.get(0).cells()[0].length;
    int cellW = perCell * tileW + (perCell - 1) * 2 + GAP;
    BufferedImage sheet = new BufferedImage(LABEL_WIDTH + columns.size() * cellW,
        HEADER + rows.size() * (tileH + GAP), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.setColor(Color.BLACK);
      for (int c = 0; c < columns.size(); c++) {
        g.drawString(columns.get(c), LABEL_WIDTH + c * cellW, HEADER - 7);
      }
      for (int r = 0; r < rows.size(); r++) {
        int y = HEADER + r * (tileH + GAP);
        g.setColor(Color.BLACK);
        g.drawString(rows.get(r).label(), 4, y + tileH / 2 + 5);
        Image[][] cells = rows.get(r).cells();
        for (int c = 0; c < cells.length; c++) {
          for (int k = 0; k < cells[c].length; k++) {
            int x = LABEL_WIDTH + c * cellW + k * (tileW + 2);
            g.drawImage(ImageFiles.toBufferedImage(shrink(cells[c][k], shrink)), x, y, tileW,
                tileH, null);
          }
        }
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }

  /** Box average over {@code f x f} blocks (a trailing partial block is dropped). */
  private static Image shrink(Image x, int f) {
    if (f == 1) {
      return x;
    }
    int h = x.height() / f;
    int w = x.width() / f;
    int ch = x.channels();
    byte[] in = x.pixels();
    byte[] out = new byte[h * w * ch];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        for (int k = 0; k < ch; k++) {
          int sum = 0;
          for (int dr = 0; dr < f; dr++) {
            for (int dc = 0; dc < f; dc++) {
              sum += in[((r * f + dr) * x.width() + c * f + dc) * ch + k] & 0xFF;
            }
          }
          out[(r * w + c) * ch + k] = (byte) ((sum + f * f / 2) / (f * f));
        }
      }
    }
    return new Image(h, w, ch, out);
  }
}
