package org.ttt4j.model.io;

/**
 * MAE's fixed 2-D sin-cos position table with its zero cls row, as official checkpoints store it
 * ({@code pos_embed}, {@code decoder_pos_embed}): imported ones are checked against it, exported
 * ones are written from it. Same formula as the model's own table (first half of the width
 * encodes the column, second half the row, each [sin | cos] of position / 10000^(2i/d)).
 */
final class SinCos {
  private SinCos() {}

  /** [(1 + g*g) * dim] row-major values. */
  static float[] table(int dim, int gridSize) {
    int quarter = dim / 4;
    float[] out = new float[(1 + gridSize * gridSize) * dim];
    for (int h = 0; h < gridSize; h++) {
      for (int w = 0; w < gridSize; w++) {
        int row = (1 + h * gridSize + w) * dim;
        for (int i = 0; i < quarter; i++) {
          double omega = 1.0 / Math.pow(10000, i / (double) quarter);
          out[row + i] = (float) Math.sin(w * omega);
          out[row + quarter + i] = (float) Math.cos(w * omega);
          out[row + 2 * quarter + i] = (float) Math.sin(h * omega);
          out[row + 3 * quarter + i] = (float) Math.cos(h * omega);
        }
      }
    }
    return out;
  }
}
