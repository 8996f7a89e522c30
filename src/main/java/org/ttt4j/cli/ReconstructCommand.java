package org.ttt4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.DatasetFormat;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Image;
import org.ttt4j.data.Normalize;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.ContactSheet;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.Masking;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.tensor.Tensors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ttt4j reconstruct}: original | masked input | MAE reconstruction, as a PNG. */
@Command(name = "reconstruct", description = "Draw original, masked input and MAE"
    + " reconstruction of the first few images of a dataset (PNG). The visible patches are pasted"
    + " back; a norm-pix model predicts normalised patches, shown at the true patch's mean and"
    + " spread.")
final class ReconstructCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
      description = "Checkpoint or run folder (default: the shipped model).")
  String model;

  @Option(names = "--out", required = true, description = "PNG file to write.")
  Path out;

  @Option(names = "--count", description = "Images, 1.." + MAX_COUNT
      + " (default: 8, or all the data's when it holds fewer).")
  Integer count;

  /** Rows of one readable sheet. */
  static final int MAX_COUNT = 64;

  @Option(names = "--seed", defaultValue = "0", description = "Masking seed"
      + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", defaultValue = "fashion-mnist", description = "fashion-mnist, or a"
      + " dataset path (IDX, CIFAR .bin, .npy, class folders, a folder of frames) whose images"
      + " have the model's size and channels (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--split", defaultValue = "test", description = "test or train, for data that"
      + " have both (default: ${DEFAULT-VALUE}).")
  String split;

  @Override
  public Integer call() {
    OutFile.requireNotFolder(spec, out, "reconstruction.png");
    Split part = OptionValues.check(spec, () -> Split.parse(split));
    Dataset test = data.equalsIgnoreCase("fashion-mnist") ? FashionMnist.load(part)
        : DatasetFormat.open(Path.of(data), part);
    int most = Math.min(MAX_COUNT, test.size());
    if (most == 0) {
      throw new IllegalArgumentException(test.source() + " holds no images");
    }
    int n = count == null ? Math.min(8, most) : count;
    if (n < 1 || n > most) {     // before the model loads
      throw new CommandLine.ParameterException(spec.commandLine(), "--count " + n
          + " is out of range; give 1.." + most + " (the images side by side on one sheet)");
    }
    Path file = ModelOption.resolve(model);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = Checkpoint.load(file, m)) {
      ModelOption.requireFits(vit, file, test, false);
      Normalize norm = Normalize.of(vit.config().mean(), vit.config().std());
      List<Image> images = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        images.add(test.get(i).image());
      }
      NDArray x = Tensors.batch(m, images, norm);
      Masking masking = Masking.random(n, vit.config().numPatches(), vit.config().numKept(),
          new Random(seed));
      Image[] masked = greyOut(images, masking, vit.config().patchSize());
      Image[] recon = toImages(vit.mae().reconstruct(x, masking), norm);
      List<ContactSheet.Row> rows = List.of(
          new ContactSheet.Row("original", new Image[][] {images.toArray(Image[]::new)}),
          new ContactSheet.Row("masked " + Math.round(100 * vit.config().maskRatio()) + "%",
              new Image[][] {masked}),
          new ContactSheet.Row(vit.config().normPixLoss() ? "reconstruction*" : "reconstruction",
              new Image[][] {recon}));
      List<String> caption = new ArrayList<>(List.of((n == 1 ? "the first image of " : "first " + n + " images of ")
          + (data.equalsIgnoreCase("fashion-mnist") ? "Fashion-MNIST, " + part.name()
              .toLowerCase(java.util.Locale.ROOT) + " split" : test.source()),
          "model " + file, "reconstruction: the visible patches pasted back"));
      if (vit.config().normPixLoss()) {
        caption.add("* norm-pix model: it predicts normalised patches, shown here at the true"
            + " patch's mean and spread");
      }
      var sheet = withCaption(ContactSheet.render(List.of(""), rows), caption);
      AtomicFiles.write(out, o -> ImageIO.write(sheet, "png", o));
    }
    spec.commandLine().getOut().println("wrote " + out);
    return 0;
  }

  /** {@code sheet} with {@code lines} of text below it, widened to fit them. */
  private static BufferedImage withCaption(BufferedImage sheet, List<String> lines) {
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    int lineHeight = 18;
    int width = sheet.getWidth();
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D p = probe.createGraphics();
    try {
      FontMetrics metrics = p.getFontMetrics(font);
      for (String line : lines) {
        width = Math.max(width, metrics.stringWidth(line) + 8);
      }
    } finally {
      p.dispose();
    }
    BufferedImage out = new BufferedImage(width, sheet.getHeight() + lines.size() * lineHeight
        + 6, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.drawImage(sheet, 0, 0, null);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(font);
      g.setColor(Color.BLACK);
      for (int i = 0; i < lines.size(); i++) {
        g.drawString(lines.get(i), 4, sheet.getHeight() + (i + 1) * lineHeight - 2);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The images with their removed patches mid-grey (128 in every channel). */
  private static Image[] greyOut(List<Image> images, Masking masking, int patch) {
    Image[] out = new Image[images.size()];
    for (int i = 0; i < out.length; i++) {
      Image im = images.get(i);
      int c = im.channels();
      int grid = im.width() / patch;
      byte[] px = im.pixels().clone();
      for (int y = 0; y < im.height(); y++) {
        for (int x = 0; x < im.width(); x++) {
          if (masking.mask()[i][(y / patch) * grid + x / patch] > 0.5f) {
            java.util.Arrays.fill(px, (y * im.width() + x) * c, (y * im.width() + x + 1) * c,
                (byte) 128);
          }
        }
      }
      out[i] = new Image(im.height(), im.width(), c, px);
    }
    return out;
  }

  /** [N, C, H, W] normalised floats back to 8-bit images (clamped). */
  private static Image[] toImages(NDArray x, Normalize norm) {
    int n = (int) x.getShape().get(0);
    int c = (int) x.getShape().get(1);
    int h = (int) x.getShape().get(2);
    int w = (int) x.getShape().get(3);
    float[] v = x.toFloatArray();
    float[] mean = norm.mean();
    float[] std = norm.std();
    Image[] out = new Image[n];
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[h * w * c];
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < h * w; p++) {
          float f = (v[((i * c + ch) * h * w) + p] * std[ch] + mean[ch]) * 255f;
          px[p * c + ch] = (byte) Math.max(0, Math.min(255, Math.round(f)));
        }
      }
      out[i] = new Image(h, w, c, px);
    }
    return out;
  }
}
