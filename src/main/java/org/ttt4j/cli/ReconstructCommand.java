package org.ttt4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.ttt4j.data.Dataset;
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
    + " reconstruction of a few test images (PNG).")
final class ReconstructCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
      description = "Checkpoint or run folder (default: the shipped model).")
  String model;

  @Option(names = "--out", required = true, description = "PNG file to write.")
  Path out;

  @Option(names = "--count", defaultValue = "8", description = "Images, 1.." + MAX_COUNT
      + " (default: ${DEFAULT-VALUE}).")
  int count;

  /** Rows of one readable sheet. */
  static final int MAX_COUNT = 64;

  @Option(names = "--seed", defaultValue = "0", description = "Masking seed"
      + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    OutFile.requireNotFolder(spec, out, "reconstruction.png");
    Dataset test = FashionMnist.load(Split.TEST);
    int most = Math.min(MAX_COUNT, test.size());
    if (count < 1 || count > most) {     // before the model loads
      throw new CommandLine.ParameterException(spec.commandLine(), "--count " + count
          + " is out of range; give 1.." + most + " (one row per image on one sheet)");
    }
    Path file = ModelOption.resolve(model);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = Checkpoint.load(file, m)) {
      ModelOption.requireFits(vit, file, test, false);
      Normalize norm = Normalize.of(vit.config().mean(), vit.config().std());
      List<Image> images = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        images.add(test.get(i).image());
      }
      NDArray x = Tensors.batch(m, images, norm);
      Masking masking = Masking.random(count, vit.config().numPatches(), vit.config().numKept(),
          new Random(seed));
      float fill = (float) ((0.5 - vit.config().mean()[0]) / vit.config().std()[0]);
      Image[] masked = toImages(vit.mae().maskedInput(x, masking, fill), norm);
      Image[] recon = toImages(vit.mae().reconstruct(x, masking), norm);
      List<ContactSheet.Row> rows = List.of(
          new ContactSheet.Row("original", new Image[][] {images.toArray(Image[]::new)}),
          new ContactSheet.Row("masked " + Math.round(100 * vit.config().maskRatio()) + "%",
              new Image[][] {masked}),
          new ContactSheet.Row("reconstruction", new Image[][] {recon}));
      var sheet = ContactSheet.render(List.of("first " + count + " Fashion-MNIST test images"),
          rows);
      AtomicFiles.write(out, o -> ImageIO.write(sheet, "png", o));
    }
    spec.commandLine().getOut().println("wrote " + out);
    return 0;
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
