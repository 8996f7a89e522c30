package org.ttt4j.data.video;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.Seeds;

/**
 * Moving-Fashion-MNIST videos with per-pixel labels: a few garments drift, bounce and rotate over
 * a textured background while the camera pans, the lighting swings and a corruption (noise plus
 * blur) rises and falls: the slow distribution shift that online TTT has to track (seed 001).
 *
 * <p>A garment covers a frame pixel when the intensity sampled from its (rotated, scaled) source
 * image there is above {@link #COVER_THRESHOLD}; later garments occlude earlier ones. Frame and
 * label map come from the same sample, so they agree by construction. Labels: 0 background,
 * {@code 1 + Fashion-MNIST class} for a garment. Every frame is a pure function of the spec, the
 * source images and the frame index.
 */
public final class MovingGarments {

  /** Source intensity (0..255) above which a garment pixel counts as the garment. */
  public static final int COVER_THRESHOLD = 40;

  /** One frame and its label map (one channel, value = class). */
  public record Frame(Image image, Image labels) {}

  /** A garment's fixed properties; its pose at frame t follows from them. */
  private record Garment(Image source, int cls, double x0, double y0, double vx, double vy,
      double angle0, double spin, double scale) {}

  /** The background: a sum of a few plane waves, sampled at panned world coordinates. */
  private record Wave(double kx, double ky, double phase, double amplitude) {}

  private final VideoSpec spec;
  private final List<Garment> garments = new ArrayList<>();
  private final List<Wave> texture = new ArrayList<>();
  private final double panVx;
  private final double panVy;
  private final double lightPhase;
  private final double shiftCycles;
  private final double shiftPhase;

  /** A video drawing its garments from {@code source} (e.g. Fashion-MNIST test images). */
  public MovingGarments(VideoSpec spec, Dataset source) {
    this.spec = spec;
    SplittableRandom rng = new SplittableRandom(Seeds.derive(spec.seed(), 1));
    int side = spec.side();
    for (int i = 0; i < spec.garments(); i++) {
      LabeledImage li = source.get(rng.nextInt(source.size()));
      if (li.image().channels() != 1 || li.label() < 0) {
        throw new IllegalArgumentException("garment sources must be labelled grey images; "
            + source.source() + " gave " + li.image().channels() + " channels, label "
            + li.label());
      }
      double speed = 0.15 + 0.45 * rng.nextDouble();                 // pixels per frame
      double heading = 2 * Math.PI * rng.nextDouble();
      garments.add(new Garment(li.image(), li.label() + 1, side * rng.nextDouble(),
          side * rng.nextDouble(), speed * Math.cos(heading), speed * Math.sin(heading),
          2 * Math.PI * rng.nextDouble(), (rng.nextDouble() - 0.5) * 0.04,
          side / 40.0 * (0.8 + 0.4 * rng.nextDouble())));
    }
    for (int i = 0; i < 4; i++) {
      double period = side * (0.15 + 0.5 * rng.nextDouble());         // pixels per wave
      double dir = Math.PI * rng.nextDouble();
      texture.add(new Wave(2 * Math.PI / period * Math.cos(dir),
          2 * Math.PI / period * Math.sin(dir), 2 * Math.PI * rng.nextDouble(),
          0.4 + 0.6 * rng.nextDouble()));
    }
    double panHeading = 2 * Math.PI * rng.nextDouble();
    panVx = 0.3 * Math.cos(panHeading);
    panVy = 0.3 * Math.sin(panHeading);
    lightPhase = 2 * Math.PI * rng.nextDouble();
    shiftCycles = 1 + rng.nextInt(2);                                 // 1 or 2 rises and falls
    shiftPhase = rng.nextDouble() * 0.25;
  }

  public VideoSpec spec() {
    return spec;
  }

  /** The class (1..10) of each garment, in drawing order (later ones occlude earlier ones). */
  public int[] garmentClasses() {
    return garments.stream().mapToInt(Garment::cls).toArray();
  }

  /**
   * The corruption severity of frame {@code t}: 0..shift, rising and falling smoothly
   * ({@code shift * sin^2}) one or two times over the video.
   */
  public double severity(int t) {
    double s = Math.sin(Math.PI * (shiftCycles * t / Math.max(1, spec.frames() - 1) + shiftPhase));
    return spec.shift() * s * s;
  }

  /** Frame {@code t} (0-based) and its labels. */
  public Frame frame(int t) {
    if (t < 0 || t >= spec.frames()) {
      throw new IndexOutOfBoundsException("frame " + t + " of a " + spec.frames() + "-frame video");
    }
    int side = spec.side();
    double[] v = new double[side * side];
    byte[] labels = new byte[side * side];
    double panX = panVx * t;
    double panY = panVy * t;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        v[y * side + x] = background(x + panX, y + panY);
      }
    }
    for (Garment g : garments) {
      draw(g, t, v, labels);
    }
    return new Frame(new Image(side, side, 1, degrade(v, t)), new Image(side, side, 1, labels));
  }

  /** Texture intensity in 55..125 at world position (x, y). */
  private double background(double x, double y) {
    double sum = 0;
    double norm = 0;
    for (Wave w : texture) {
      sum += w.amplitude() * Math.sin(w.kx() * x + w.ky() * y + w.phase());
      norm += w.amplitude();
    }
    return 90 + 35 * sum / norm;
  }

  /** Paints garment {@code g} at its pose of frame t: inverse-maps every pixel to the source. */
  private void draw(Garment g, int t, double[] v, byte[] labels) {
    int side = spec.side();
    double margin = 0.25 * side;
    double cx = bounce(g.x0() + g.vx() * t, margin, side - margin);
    double cy = bounce(g.y0() + g.vy() * t, margin, side - margin);
    double angle = g.angle0() + g.spin() * t;
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double half = VideoSpec.SOURCE_SIDE / 2.0;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double dx = (x + 0.5 - cx) / g.scale();
        double dy = (y + 0.5 - cy) / g.scale();
        double u = cos * dx + sin * dy + half - 0.5;                  // rotate by -angle
        double w = -sin * dx + cos * dy + half - 0.5;
        double intensity = bilinear(g.source(), u, w);
        if (intensity > COVER_THRESHOLD) {
          v[y * side + x] = intensity;
          labels[y * side + x] = (byte) g.cls();
        }
      }
    }
  }

  /**
   * The drift on top of the clean scene: lighting (contrast and brightness swing slowly), then a
   * corruption of severity s(t): a 3x3 blur mixed in with weight 0.7 s, and Gaussian noise of
   * sigma 45 s (in 0..255 units), drawn from (seed, t).
   */
  private byte[] degrade(double[] v, int t) {
    int side = spec.side();
    double phase = 2 * Math.PI * t / Math.max(1, spec.frames() - 1) + lightPhase;
    double contrast = 1 - spec.shift() * 0.25 * (1 + Math.sin(phase));        // 0.5..1
    double brightness = spec.shift() * 35 * Math.sin(0.5 * phase + 1.3);
    double s = severity(t);
    SplittableRandom noise = new SplittableRandom(Seeds.derive(spec.seed(), 2, t));
    byte[] out = new byte[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double blurred = boxMean(v, side, x, y);
        double p = (1 - 0.7 * s) * v[y * side + x] + 0.7 * s * blurred;
        p = (p - 128) * contrast + 128 + brightness + 45 * s * gaussian(noise);
        out[y * side + x] = (byte) Math.max(0, Math.min(255, Math.round(p)));
      }
    }
    return out;
  }

  private static double boxMean(double[] v, int side, int x, int y) {
    double sum = 0;
    int n = 0;
    for (int yy = Math.max(0, y - 1); yy <= Math.min(side - 1, y + 1); yy++) {
      for (int xx = Math.max(0, x - 1); xx <= Math.min(side - 1, x + 1); xx++) {
        sum += v[yy * side + xx];
        n++;
      }
    }
    return sum / n;
  }

  private static double gaussian(SplittableRandom rng) {
    double u1 = 1 - rng.nextDouble();                                  // (0, 1]
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Intensity of {@code img} at (u, w) (column, row; pixel centres at integers), 0 outside. */
  private static double bilinear(Image img, double u, double w) {
    int u0 = (int) Math.floor(u);
    int w0 = (int) Math.floor(w);
    if (u0 < -1 || w0 < -1 || u0 >= img.width() || w0 >= img.height()) {
      return 0;
    }
    double fu = u - u0;
    double fw = w - w0;
    return (1 - fw) * ((1 - fu) * at(img, w0, u0) + fu * at(img, w0, u0 + 1))
        + fw * ((1 - fu) * at(img, w0 + 1, u0) + fu * at(img, w0 + 1, u0 + 1));
  }

  private static int at(Image img, int y, int x) {
    return y < 0 || x < 0 || y >= img.height() || x >= img.width() ? 0 : img.get(y, x, 0);
  }

  /** {@code p} reflected into [lo, hi] (a point bouncing between two walls). */
  static double bounce(double p, double lo, double hi) {
    double len = hi - lo;
    double m = ((p - lo) % (2 * len) + 2 * len) % (2 * len);
    return m <= len ? lo + m : lo + 2 * len - m;
  }
}
