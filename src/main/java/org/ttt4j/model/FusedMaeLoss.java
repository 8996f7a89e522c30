package org.ttt4j.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ttt4j.tensor.NativeKernels;
import org.ttt4j.tensor.NativeMae;

/**
 * The MAE loss of {@link MaskedAutoencoder#forward} and the gradients autograd would give its
 * trainable parameters, computed by one native call (src/main/native/mae_step.c): the same
 * patchify → mask → encode → decode → loss, then the backward pass by hand, with MKL's matrix
 * products (those libtorch itself runs) and fused loops for everything else. A TTT step on
 * fmnist-tiny makes about 400 libtorch operator calls, each dispatched, allocated and recorded
 * for autograd; this makes one JNI call. The result equals the autograd path within float
 * rounding (FusedMaeLossTest); gradients are accumulated into the parameters' own gradient
 * arrays, so optimizers, clipping and checkpoints see no difference.
 *
 * <p>Available on Linux x86-64 with the shipped library; off with {@code -Dttt4j.native=off} or
 * {@code -Dttt4j.native.mae=off}, where callers keep autograd.
 */
public final class FusedMaeLoss {


  private final MaeConfig c;
  private final List<NDArray> params;
  private final long[] addresses;
  private final long[] gradients;
  private final long[] sizes;
  private final int[] dims;
  private final Memory pos;
  private final Memory decoderPos;

  /** True when the fused loss can run in this process. */
  public static boolean available() {
    return NativeMae.available();
  }

  /** What {@code ttt4j version} and manifests say about it. */
  public static String status() {
    return NativeMae.status();
  }

  private FusedMaeLoss(MaeConfig c, Weights w) {
    this.c = c;
    this.params = order(c, w.parameters());
    this.addresses = NativeKernels.addresses(params);
    this.gradients = new long[params.size()];
    this.sizes = params.stream().mapToLong(NDArray::size).toArray();
    this.dims = new int[] {0, c.channels(), c.imageSize(), c.patchSize(), 0, c.embedDim(),
        c.numHeads(), c.depth(), c.decoderEmbedDim(), c.decoderNumHeads(), c.decoderDepth(),
        c.mlpRatio(), c.normPixLoss() ? 1 : 0};
    int d = c.embedDim();
    float[] p = PosEmbed.sinCos2d(d, c.gridSize());
    this.pos = copy(java.util.Arrays.copyOfRange(p, d, p.length));    // no cls row
    this.decoderPos = copy(PosEmbed.sinCos2d(c.decoderEmbedDim(), c.gridSize()));
  }

  /** True when {@code imgs} can be read in place: a contiguous float32 array on the CPU. */
  public static boolean accepts(NDArray imgs) {
    try {
      NativeKernels.address(imgs);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The fused loss of {@code model}, or null when it cannot run here (callers use autograd). */
  public static FusedMaeLoss forModel(YShapedVit model) {
    return NativeMae.available() ? new FusedMaeLoss(model.config(), model.weights()) : null;
  }

  /**
   * The MAE loss of {@code imgs} [N, C, H, W] (normalised, contiguous float32) under
   * {@code masking}; adds d loss / d p to the gradient of every parameter that requires one.
   */
  public float lossAndGradients(NDArray imgs, Masking masking) {
    NativeKernels.requireOpen(params, "parameter");
    c.requireInput(imgs.getShape());        // the kernel reads N*C*H*W floats of the config's size
    int n = masking.batchSize();
    if (imgs.getShape().get(0) != n) {
      throw new IllegalArgumentException("batch of " + imgs.getShape().get(0)
          + " images with a masking of " + n);
    }
    for (int i = 0; i < params.size(); i++) {
      gradients[i] = params.get(i).hasGradient() ? NativeKernels.gradientAddress(params.get(i))
          : 0;
      if (params.get(i).hasGradient() && gradients[i] == 0) {
        defineGradients();
        i = -1;                             // start again with every gradient defined
      }
    }
    int keep = masking.numKept();
    int len = c.numPatches();
    int[] idsKeep = new int[n * keep];
    int[] idsRestore = new int[n * len];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < keep; r++) {
        idsKeep[i * keep + r] = (int) masking.idsKeep()[i][r];
      }
      for (int l = 0; l < len; l++) {
        idsRestore[i * len + l] = (int) masking.idsRestore()[i][l];
      }
    }
    int[] call = dims.clone();
    call[0] = n;
    call[4] = keep;
    float loss = NativeMae.lossAndGradients(call, addresses, gradients, sizes, pos, decoderPos,
        new Pointer(NativeKernels.address(imgs)), idsKeep, idsRestore, MaeConfig.LAYER_NORM_EPS,
        split(n));
    if (Float.isNaN(loss) && !NativeMae.error().isEmpty()) {
      throw new IllegalStateException("fused MAE loss failed: " + NativeMae.error()
          + " (run with -Dttt4j.native.mae=off to use autograd)");
    }
    return loss;
  }

  /**
   * The encoder on every patch, as {@link MaskedAutoencoder#encode} with no masking (inference
   * only, no gradients): imgs [N, C, H, W] (normalised, contiguous float32) → [N, 1 + L, D], owned
   * by the manager of {@code imgs}.
   */
  public NDArray encode(NDArray imgs) {
    NativeKernels.requireOpen(params, "parameter");
    c.requireInput(imgs.getShape());
    int n = (int) imgs.getShape().get(0);
    NDArray out = imgs.getManager().create(new ai.djl.ndarray.types.Shape(n, 1 + c.numPatches(),
        c.embedDim()));
    int[] call = dims.clone();
    call[0] = n;
    call[4] = c.numPatches();
    if (NativeMae.encode(call, addresses, pos, new Pointer(NativeKernels.address(imgs)),
        new Pointer(NativeKernels.address(out)), MaeConfig.LAYER_NORM_EPS, encoderThreads()) != 0) {
      out.close();
      throw new IllegalStateException("fused MAE encoder failed: " + NativeMae.error()
          + " (run with -Dttt4j.native.mae=off to use libtorch)");
    }
    return out;
  }

  /**
   * Threads that split the work of one call between them, each running MKL on one thread inside
   * libtorch's OpenMP team (the loss splits the images, the encoder the token rows); 1 lets MKL's
   * own threads share every matrix product instead. Measured on 2 cores (docs/PERFORMANCE.md):
   * with fmnist-tiny (D = 192, weight matrices under 0.6 MB) the split won at B = 8 (23.5
   * against 24.5 ms per online step) and B = 32 (72 against 80 ms); with tin-small (D = 384,
   * matrices up to 2.4 MB, more than a core's L2) it lost by half at B = 8 (0.34 against 0.17
   * s): each thread then streams every weight through its own cache. So: split only models
   * narrower than 256. {@code -Dttt4j.mae.split=N} overrides.
   */
  private int split(int n) {
    int forced = Integer.getInteger("ttt4j.mae.split", 0);
    if (forced > 0) {
      return forced;
    }
    return n >= 2 && c.embedDim() < 256 ? Math.max(1, JniUtils.getNumThreads()) : 1;
  }

  /** Threads that split the classification encoder's token rows (the same rule as the batch). */
  private int encoderThreads() {
    return split(Integer.MAX_VALUE);
  }

  /**
   * Gives every trainable parameter a gradient array (zeros): autograd creates them at the first
   * backward pass, and the fused loss writes into them.
   */
  private void defineGradients() {
    List<NDArray> trainable = params.stream().filter(NDArray::hasGradient).toList();
    try (NDManager scope = trainable.get(0).getManager().newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray total = null;
      for (NDArray p : trainable) {
        NDArray view = p.reshape(p.getShape());
        view.attach(scope);
        // no Java-number operand: DJL would make it a short-lived array whose freed memory
        // autograd reads in backward (see HostArrays); d sum / d p = 1, zeroed below
        NDArray term = view.sum();
        total = total == null ? term : total.add(term);
      }
      gc.backward(total);
    }
    trainable.forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
  }

  /** The parameters in the order mae_step.c reads them. */
  private static List<NDArray> order(MaeConfig c, Map<String, NDArray> all) {
    List<String> names = new ArrayList<>(List.of("patch_embed.proj.weight",
        "patch_embed.proj.bias", "cls_token"));
    for (int i = 0; i < c.depth(); i++) {
      names.addAll(block("blocks." + i));
    }
    names.addAll(List.of("norm.weight", "norm.bias", "decoder_embed.weight", "decoder_embed.bias",
        "mask_token"));
    for (int i = 0; i < c.decoderDepth(); i++) {
      names.addAll(block("decoder_blocks." + i));
    }
    names.addAll(List.of("decoder_norm.weight", "decoder_norm.bias", "decoder_pred.weight",
        "decoder_pred.bias"));
    List<NDArray> out = new ArrayList<>();
    for (String name : names) {
      NDArray a = all.get(name);
      if (a == null) {
        throw new IllegalStateException("model has no parameter " + name);
      }
      out.add(a);
    }
    return out;
  }

  private static List<String> block(String prefix) {
    List<String> out = new ArrayList<>();
    for (String part : List.of("norm1", "attn.qkv", "attn.proj", "norm2", "mlp.fc1", "mlp.fc2")) {
      out.add(prefix + "." + part + ".weight");
      out.add(prefix + "." + part + ".bias");
    }
    return out;
  }

  private static Memory copy(float[] values) {
    Memory m = new Memory((long) values.length * Float.BYTES);
    m.write(0, values, 0, values.length);
    return m;
  }
}
