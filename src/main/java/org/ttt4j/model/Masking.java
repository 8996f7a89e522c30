package org.ttt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.ttt4j.tensor.HostArrays;

/**
 * MAE's per-sample random masking: sort uniform noise, keep the patches with the smallest noise
 * ("ascend: small is keep, large is remove"). Indices are computed on the host from the noise, so
 * tests can inject the reference's noise and get the reference's mask.
 *
 * @param idsKeep [N, keep] indices of the visible patches, in shuffled order
 * @param idsRestore [N, L] the position of each patch in the shuffled order (argsort of the shuffle)
 * @param mask [N, L] 0 = kept, 1 = removed, in the original patch order
 */
public record Masking(long[][] idsKeep, long[][] idsRestore, float[][] mask) {

  /** Draws noise U[0,1) per patch from {@code rng} and masks {@code n} samples. */
  public static Masking random(int n, int numPatches, int keep, RandomGenerator rng) {
    float[][] noise = new float[n][numPatches];
    for (float[] row : noise) {
      for (int l = 0; l < numPatches; l++) {
        row[l] = rng.nextFloat();
      }
    }
    return fromNoise(noise, keep);
  }

  /** The masking that a given noise [N][L] implies (torch.argsort order; ties by index). */
  public static Masking fromNoise(float[][] noise, int keep) {
    int n = noise.length;
    int len = noise[0].length;
    long[][] idsKeep = new long[n][keep];
    long[][] idsRestore = new long[n][len];
    float[][] mask = new float[n][len];
    for (int i = 0; i < n; i++) {
      float[] row = noise[i];
      Integer[] order = new Integer[len];
      for (int l = 0; l < len; l++) {
        order[l] = l;
      }
      Arrays.sort(order, (a, b) -> Float.compare(row[a], row[b]));   // ids_shuffle
      for (int r = 0; r < len; r++) {
        idsRestore[i][order[r]] = r;
        mask[i][order[r]] = r < keep ? 0f : 1f;
        if (r < keep) {
          idsKeep[i][r] = order[r];
        }
      }
    }
    return new Masking(idsKeep, idsRestore, mask);
  }

  public int batchSize() {
    return idsKeep.length;
  }

  public int numKept() {
    return idsKeep[0].length;
  }

  /** Gather index [N, keep, dim] (a broadcast view) for {@code x.gather(index, 1)}. */
  NDArray keepIndex(NDManager m, long dim) {
    return index(m, idsKeep, dim);
  }

  /** Gather index [N, L, dim] (a broadcast view) that unshuffles the decoder tokens. */
  NDArray restoreIndex(NDManager m, long dim) {
    return index(m, idsRestore, dim);
  }

  /** The mask as an array [N, L] (1 = removed). */
  NDArray maskArray(NDManager m) {
    int n = mask.length;
    int len = mask[0].length;
    float[] flat = new float[n * len];
    for (int i = 0; i < n; i++) {
      System.arraycopy(mask[i], 0, flat, i * len, len);
    }
    return HostArrays.of(m, flat, new Shape(n, len));
  }

  private static NDArray index(NDManager m, long[][] ids, long dim) {
    int n = ids.length;
    int len = ids[0].length;
    long[] flat = new long[n * len];
    for (int i = 0; i < n; i++) {
      System.arraycopy(ids[i], 0, flat, i * len, len);
    }
    return HostArrays.of(m, flat, new Shape(n, len, 1)).broadcast(n, len, dim);
  }
}
