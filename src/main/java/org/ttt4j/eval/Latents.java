package org.ttt4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.ttt4j.data.Image;
import org.ttt4j.data.Normalize;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.tensor.Tensors;

/**
 * Encoder latents of images, as the classifier sees them: the unmasked encoder (mask ratio 0)
 * of the model's current weights, summarised per image by its cls token and by the mean of its
 * patch tokens (seed 000's latent-space figures).
 *
 * @param cls the cls token of each image [N][D]
 * @param meanPatch the mean of the L patch tokens of each image [N][D]
 */
public record Latents(float[][] cls, float[][] meanPatch) {

  private static final int BATCH = 256;

  /** The latents of {@code images} under {@code model}'s current weights. */
  public static Latents of(YShapedVit model, List<Image> images) {
    Normalize normalize = Normalize.of(model.config().mean(), model.config().std());
    float[][] cls = new float[images.size()][];
    float[][] mean = new float[images.size()][];
    for (int from = 0; from < images.size(); from += BATCH) {
      List<Image> batch = images.subList(from, Math.min(images.size(), from + BATCH));
      try (NDManager scope = model.weights().manager().newSubManager()) {
        NDArray tokens = model.mae().encode(Tensors.batch(scope, batch, normalize), null);
        NDArray c = tokens.get(":, 0, :");                            // [n, D]
        NDArray m = tokens.get(":, 1:, :").mean(new int[] {1});       // [n, D]
        int d = (int) c.getShape().get(1);
        float[] cf = c.toFloatArray();
        float[] mf = m.toFloatArray();
        for (int i = 0; i < batch.size(); i++) {
          cls[from + i] = java.util.Arrays.copyOfRange(cf, i * d, (i + 1) * d);
          mean[from + i] = java.util.Arrays.copyOfRange(mf, i * d, (i + 1) * d);
        }
      }
    }
    return new Latents(cls, mean);
  }
}
