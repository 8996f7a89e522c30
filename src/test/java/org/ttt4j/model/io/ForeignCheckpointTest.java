package org.ttt4j.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Masking;
import org.ttt4j.model.Safetensors;

/**
 * Checkpoints as PyTorch and Hugging Face users have them (made by tools/interop/make_interop.py
 * with torch): each loads, and the model computes what PyTorch computed on them (within 1e-4).
 */
class ForeignCheckpointTest {

  static final Path DIR = Path.of("src", "test", "resources", "interop");
  static final double TOL = 1e-4;

  /** The fixtures' architecture; the inputs are already normalised (mean 0, std 1). */
  static final MaeConfig CONFIG = new MaeConfig(16, 4, 3, 16, 2, 2, 8, 2, 2, 4, 0.75, true, 5,
      HeadType.LINEAR, 1, new double[] {0, 0, 0}, new double[] {1, 1, 1});

  static final Map<String, Safetensors.Tensor> EXPECTED =
      Safetensors.read(DIR.resolve("expected.safetensors")).tensors();

  static NDArray array(NDManager m, String name) {
    Safetensors.Tensor x = EXPECTED.get(name);
    return m.create(x.values(), new Shape(x.shape()));
  }

  static Masking masking() {
    Safetensors.Tensor x = EXPECTED.get("in.noise");
    int n = (int) x.shape()[0];
    int len = (int) x.shape()[1];
    float[][] noise = new float[n][];
    for (int i = 0; i < n; i++) {
      noise[i] = Arrays.copyOfRange(x.values(), i * len, (i + 1) * len);
    }
    return Masking.fromNoise(noise, CONFIG.numKept());
  }

  static void assertClose(String what, Safetensors.Tensor expected, NDArray actual) {
    assertEquals(new Shape(expected.shape()), actual.getShape(), what + " shape");
    float[] a = actual.toFloatArray();
    float[] e = expected.values();
    for (int i = 0; i < e.length; i++) {
      double err = Math.abs(a[i] - e[i]) / Math.max(1.0, Math.abs(e[i]));
      if (err > TOL) {
        fail(what + "[" + i + "]: expected " + e[i] + ", got " + a[i]);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mae-official.pth", "ttt-mae.pth", "hf-vitmae.safetensors"})
  void encoderAndMaeLossMatchPyTorch(String file) {
    try (NDManager m = NDManager.newBaseManager();
        CheckpointImport.Loaded l = CheckpointImport.load(DIR.resolve(file),
            new CheckpointImport.Options(CONFIG, 0, 0, 0), m)) {
      NDArray imgs = array(m, "in.imgs");
      assertClose(file + " latent", EXPECTED.get("out.latent"), l.model().mae().encode(imgs, null));
      NDArray loss = l.model().maeLoss(imgs, masking()).loss();
      assertClose(file + " loss", EXPECTED.get("out.loss"), loss.reshape(1));
    }
  }

  @Test
  void tttMaeHeadGivesPyTorchLogits() {
    try (NDManager m = NDManager.newBaseManager();
        CheckpointImport.Loaded l = CheckpointImport.load(DIR.resolve("ttt-mae.pth"),
            new CheckpointImport.Options(CONFIG, 0, 0, 0), m)) {
      assertClose("logits", EXPECTED.get("out.logits"), l.model().classify(array(m, "in.imgs")));
      String notes = String.join("\n", l.notes());
      assertTrue(notes.contains("state dict under 'model'; other entries ignored: optimizer,"
          + " epoch, args"), notes);
      assertTrue(notes.contains("pos_embed (sin-cos, checked)"), notes);
      assertTrue(notes.contains("bn.num_batches_tracked"), notes);
    }
  }

  @Test
  void headlessFilesSayTheirHeadIsFresh() {
    try (NDManager m = NDManager.newBaseManager();
        CheckpointImport.Loaded l = CheckpointImport.load(DIR.resolve("hf-vitmae.safetensors"),
            new CheckpointImport.Options(CONFIG, 0, 0, 0), m)) {
      assertEquals(NameScheme.HUGGING_FACE, l.scheme());
      assertTrue(l.notes().stream().anyMatch(n -> n.startsWith("head: the file has none")),
          l.notes().toString());
    }
  }

  @Test
  void configIsInferredFromShapes() {
    List<String> notes = new ArrayList<>();
    Map<String, Safetensors.Tensor> t = CheckpointImport.read(DIR.resolve("ttt-mae.pth"), notes);
    MaeConfig c = ConfigInference.infer(t, 2, 2, notes);
    assertEquals(CONFIG.toString().replaceAll(", mean=.*", ""),
        c.toString().replaceAll(", mean=.*", ""));
    assertTrue(notes.stream().anyMatch(n -> n.contains("input normalisation")), notes.toString());
  }

  @Test
  void wrongConfigNamesEveryMismatchAndTheConfigThatFits() {
    try (NDManager m = NDManager.newBaseManager()) {
      MaeConfig wide = new MaeConfig(16, 4, 3, 32, 2, 2, 8, 2, 2, 4, 0.75, true, 5,
          HeadType.LINEAR, 1, new double[] {0, 0, 0}, new double[] {1, 1, 1});
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckpointImport.load(DIR.resolve("ttt-mae.pth"),
              new CheckpointImport.Options(wide, 0, 0, 0), m));
      assertTrue(e.getMessage().contains("pos_embed has shape [1, 17, 16]"), e.getMessage());
      assertTrue(e.getMessage().contains("encoder=16/2/"), e.getMessage());
      MaeConfig moreClasses = CONFIG.withNumClasses(7);
      e = assertThrows(IllegalArgumentException.class,
          () -> CheckpointImport.load(DIR.resolve("ttt-mae.pth"),
              new CheckpointImport.Options(moreClasses, 2, 2, 0), m));
      assertTrue(e.getMessage().contains("head.weight (model (7, 16), file [5, 16])"),
          e.getMessage());
      assertTrue(e.getMessage().contains("The file's shapes fit") && e.getMessage()
          .contains("classes=5"), e.getMessage());
    }
  }

  @Test
  void theFitHintShowsTheFilesShapesNotTheAskedPresetsHeads() {
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckpointImport.load(DIR.resolve("ttt-mae.pth"),
              new CheckpointImport.Options(MaeConfig.vitBase16(), 0, 0, 0), m));
      assertTrue(e.getMessage().contains("The file's shapes fit image=16x16x3, patch=4,"
          + " encoder=16/2/?, decoder=8/2/?"), e.getMessage());
      assertTrue(e.getMessage().contains("give --heads and --decoder-heads"), e.getMessage());
      assertFalse(e.getMessage().contains("encoder=16/2/12"), "vit-base16's 12 heads");
    }
  }

  @Test
  void dtypesStridesAndOffsetsAreHonoured() {
    @SuppressWarnings("unchecked")
    Map<Object, Object> t = (Map<Object, Object>) PthReader.read(DIR.resolve("dtypes.pth"));
    for (String k : List.of("f32", "f16", "bf16", "i64", "transposed", "slice", "slice_whole")) {
      Safetensors.Tensor got = (Safetensors.Tensor) t.get(k);
      Safetensors.Tensor want = (Safetensors.Tensor) t.get("expect." + k);
      assertEquals(Arrays.toString(want.shape()), Arrays.toString(got.shape()), k);
      assertEquals(Arrays.toString(want.values()), Arrays.toString(got.values()), k);
    }
    assertEquals("[-3.0, -2.0, -1.0, 0.0, 1.0, 2.0]",
        Arrays.toString(((Safetensors.Tensor) t.get("i64")).values()));
  }
  /**
   * A checkpoint saved in half precision ({@code model.half()}, or a bf16 training run) holds its
   * sin-cos tables rounded to fp16/bf16; they were refused as "not MAE's fixed 2-D sin-cos table
   * (largest difference 2.4e-4)", a learned table.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fp16", "bf16"})
  void halfPrecisionCheckpointsImport(String precision, @org.junit.jupiter.api.io.TempDir Path dir) {
    Map<String, Safetensors.Tensor> t = CheckpointImport.read(DIR.resolve("ttt-mae.pth"),
        new ArrayList<>());
    Map<String, Safetensors.Tensor> rounded = new java.util.LinkedHashMap<>();
    t.forEach((name, x) -> {
      float[] v = x.values().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] = precision.equals("fp16") ? CheckpointImport.roundToHalf(v[i])
            : Float.intBitsToFloat((Float.floatToRawIntBits(v[i]) + 0x7FFF
                + ((Float.floatToRawIntBits(v[i]) >> 16) & 1)) & 0xFFFF0000);
      }
      rounded.put(name, new Safetensors.Tensor(x.shape(), v));
    });
    float[] exact = org.ttt4j.model.PosEmbed.sinCos2d(16, 4);
    float[] stored = rounded.get("pos_embed").values();
    double off = 0;
    for (int i = 0; i < exact.length; i++) {
      off = Math.max(off, Math.abs(exact[i] - stored[i]));
    }
    assertTrue(off > 1e-4, "the rounding is larger than the 1e-4 tolerance: " + off);
    Path file = dir.resolve(precision + ".safetensors");
    Safetensors.write(file, rounded, Map.of());
    try (NDManager m = NDManager.newBaseManager();
        CheckpointImport.Loaded l = CheckpointImport.load(file,
            new CheckpointImport.Options(CONFIG, 0, 0, 0), m)) {
      assertTrue(l.notes().stream().anyMatch(n -> n.contains("pos_embed (sin-cos, checked)")),
          l.notes().toString());
    }
    // a learned table stored in half precision is still refused
    float[] learned = stored.clone();
    learned[20] = CheckpointImport.roundToHalf(learned[20] + 0.05f);
    rounded.put("pos_embed", new Safetensors.Tensor(rounded.get("pos_embed").shape(), learned));
    Safetensors.write(file, rounded, Map.of());
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckpointImport.load(file, new CheckpointImport.Options(CONFIG, 0, 0, 0), m));
      assertTrue(e.getMessage().contains("not MAE's fixed 2-D sin-cos table"), e.getMessage());
    }
  }

  @Test
  void roundToHalfMatchesBinary16() {
    assertEquals(1.0f, CheckpointImport.roundToHalf(1.0002f));
    assertEquals(1.0f + 0x1p-10f, CheckpointImport.roundToHalf(1.0007f));
    assertEquals(0x1p-24f, CheckpointImport.roundToHalf(0x1.2p-24f));       // subnormal
    assertEquals(65504f, CheckpointImport.roundToHalf(65504f));
    assertEquals(Float.POSITIVE_INFINITY, CheckpointImport.roundToHalf(70000f));
    for (short h : new short[] {0x3c01, (short) 0xbc01, 0x0001, 0x7bff, 0x3555}) {
      float f = Safetensors.halfToFloat(h);
      assertEquals(f, CheckpointImport.roundToHalf(f), "binary16 values are fixed points");
    }
  }

  /**
   * The MAE release's pretrained weights hold only the encoder: the import says that, where it
   * said "the file has no decoder_embed.weight of rank 2; it is not a MAE".
   */
  @Test
  void anEncoderOnlyCheckpointIsNamedAsSuch(@org.junit.jupiter.api.io.TempDir Path dir) {
    Map<String, Safetensors.Tensor> t = CheckpointImport.read(DIR.resolve("mae-official.pth"),
        new ArrayList<>());
    t.keySet().removeIf(k -> k.startsWith("decoder") || k.equals("mask_token"));
    Path file = dir.resolve("encoder.safetensors");
    Safetensors.write(file, t, Map.of());
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckpointImport.load(file, CheckpointImport.Options.auto(), m));
      assertTrue(e.getMessage().contains("holds a ViT encoder (patch_embed, 2 blocks) but not the"
          + " MAE decoder"), e.getMessage());
      assertTrue(e.getMessage().contains("mae_pretrain_vit_*.pth"), e.getMessage());
    }
  }
}
