package org.ttt4j.data.video;

/**
 * How one moving-Fashion-MNIST video is made (recorded in its {@code video.json}).
 *
 * @param side frame side in pixels (square, grey)
 * @param frames number of frames
 * @param garments garments moving in the scene (2..4 in the shipped experiments)
 * @param shift strength of the drift over time: 0 = a clean, evenly lit video (training videos);
 *     1 = the evaluation setting (noise rising and falling to its peak, lighting swings). Values in
 *     between scale every drift term.
 * @param seed root seed: garments, paths, texture and per-frame noise derive from it
 */
public record VideoSpec(int side, int frames, int garments, double shift, long seed) {

  /** Garments are Fashion-MNIST images of this side. */
  public static final int SOURCE_SIDE = 28;

  public VideoSpec {
    require(side >= 16, "frame side must be at least 16 pixels, got " + side);
    require(frames >= 1, "a video needs at least 1 frame, got " + frames);
    require(garments >= 1 && garments <= 8, "garments must be 1..8, got " + garments);
    require(shift >= 0 && shift <= 2, "shift must be in [0, 2] (0 clean, 1 evaluation), got "
        + shift);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
