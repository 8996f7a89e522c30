package org.ttt4j.model;

/**
 * MAE's fixed 2-D sin-cos position embedding, with a zero row for the cls token: the first half
 * of the width encodes the column (w), the second half the row (h), each as [sin | cos] of
 * position / 10000^(2i/d).
 */
public final class PosEmbed {
  private PosEmbed() {}

  /**
   * [(1 + g*g) * dim] row-major values; row 0 (cls) is zero. Also the table that official
   * checkpoints store as {@code pos_embed} / {@code decoder_pos_embed} (checked on import, written
   * on export).
   */
  public static float[] sinCos2d(int dim, int gridSize) {
    int half = dim / 2;
    float[] out = new float[(1 + gridSize * gridSize) * dim];
    for (int h = 0; h < gridSize; h++) {
      for (int w = 0; w < gridSize; w++) {
        int row = 1 + h * gridSize + w;
        sinCos1d(out, row * dim, half, w);          // first half: column
        sinCos1d(out, row * dim + half, half, h);   // second half: row
      }
    }
    return out;
  }

  private static void sinCos1d(float[] out, int offset, int dim, int pos) {
    int quarter = dim / 2;
    for (int i = 0; i < quarter; i++) {
      double omega = 1.0 / Math.pow(10000, i / (dim / 2.0));
      // MAE computes in float64 from a float32 grid, then casts to float32
      double angle = (float) pos * omega;
      out[offset + i] = (float) Math.sin(angle);
      out[offset + quarter + i] = (float) Math.cos(angle);
    }
  }
}
