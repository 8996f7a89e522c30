package org.ttt4j.model.io;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.PosEmbed;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;

/**
 * Brings other people's MAE weights into ttt4j: a {@code torch.save} checkpoint (official MAE,
 * TTT-MAE with its head, under a {@code model}/{@code state_dict} wrapper or not) or a Hugging
 * Face {@code ViTMAEForPreTraining} safetensors file. The file is read without running any of its
 * code ({@link Unpickler}), renamed to ttt4j's (official) names, checked against a config (given,
 * or inferred from the shapes), and loaded into a {@link YShapedVit}.
 *
 * <p>The fixed sin-cos position tables in the file are checked against ttt4j's and then dropped
 * (ttt4j computes them); BatchNorm's {@code num_batches_tracked} is dropped. A file without a
 * classification head (official MAE, Hugging Face) gets a freshly initialised one, and says so.
 */
public final class CheckpointImport {

  /**
   * Options of an import. {@code config} null = infer from the shapes; {@code heads} and
   * {@code decoderHeads} (0 = the preset's, or inferred) override the attention heads either way;
   * {@code mean} and {@code std} (null = the config's, or inferred) the input normalisation,
   * {@code maskRatio} (NaN = the config's) the MAE mask ratio, and {@code normPixLoss} (null = the
   * config's; on when inferred) the norm-pix loss: none of these is in the weights.
   */
  public record Options(MaeConfig config, int heads, int decoderHeads, long seed, double[] mean,
      double[] std, double maskRatio, Boolean normPixLoss) {

    /** Options that leave normalisation, mask ratio and norm-pix loss to the config. */
    public Options(MaeConfig config, int heads, int decoderHeads, long seed) {
      this(config, heads, decoderHeads, seed, null, null, Double.NaN, null);
    }

    public static Options auto() {
      return new Options(null, 0, 0, 0);
    }

    /** {@code c} with this import's normalisation, mask ratio and norm-pix loss, where given. */
    MaeConfig applyTo(MaeConfig c) {
      if (normPixLoss != null) {
        c = c.withNormPixLoss(normPixLoss);
      }
      if (mean == null && std == null && Double.isNaN(maskRatio)) {
        return c;
      }
      double[] m = mean != null ? mean : c.mean();
      double[] s = std != null ? std : c.std();
      if (m.length != c.channels() || s.length != c.channels()) {
        throw new OptionMismatch("--mean/--std give " + m.length + "/" + s.length + " values,"
            + " but the model has " + c.channels() + " input channel(s); give one value per"
            + " channel");
      }
      try {
        return (Double.isNaN(maskRatio) ? c : c.withMaskRatio(maskRatio)).withNormalisation(m, s);
      } catch (IllegalArgumentException e) {
        throw new OptionMismatch(e.getMessage());
      }
    }
  }

  /**
   * What an import from the shapes alone says of the two training settings the weights do not
   * hold: the mask ratio TTT masks with, and whether the MAE loss normalises each patch's pixels.
   */
  static String trainingSettingsNote(MaeConfig config, Options options) {
    boolean ratioGiven = !Double.isNaN(options.maskRatio());
    boolean normGiven = options.normPixLoss() != null;
    String values = "mask ratio " + config.maskRatio() + (ratioGiven ? " (--mask-ratio)" : "")
        + ", norm-pix loss " + (config.normPixLoss() ? "on" : "off")
        + (normGiven ? " (--norm-pix-loss)" : "");
    return ratioGiven && normGiven ? "config: " + values
        : "config: " + values + "; " + (ratioGiven || normGiven ? "the other is" : "both are")
            + " assumed, as MAE trains (neither is in the weights): give --mask-ratio R or"
            + " --norm-pix-loss false if the model was trained otherwise";
  }

  /** A model read from a foreign file, with what the import did to it. */
  public record Loaded(YShapedVit model, NameScheme scheme, List<String> notes)
      implements AutoCloseable {
    @Override
    public void close() {
      model.close();
    }
  }

  /**
   * An import option that does not fit the file (a head count that does not divide its width):
   * the caller's usage error, raised before anything is written.
   */
  public static final class OptionMismatch extends IllegalArgumentException {
    OptionMismatch(String message) {
      super(message);
    }
  }

  private static final String[] WRAPPERS = {"model", "state_dict", "model_state_dict", "module"};

  private CheckpointImport() {}

  /** Reads {@code file} into a model whose arrays live under {@code manager}. */
  public static Loaded load(Path file, Options options, NDManager manager) {
    List<String> notes = new ArrayList<>();
    Safetensors.Contents contents = contents(file, notes);
    Map<String, String> metadata = contents.metadata();
    Map<String, Safetensors.Tensor> raw = contents.tensors();
    NameScheme scheme = NameScheme.detect(raw);
    Map<String, Safetensors.Tensor> t = scheme == NameScheme.HUGGING_FACE
        ? NameScheme.fromHuggingFace(raw) : raw;
    notes.add("names: " + scheme + " (" + raw.size() + " tensors)");
    ConfigInference.Shapes shapes = shapesOrNull(t);   // before the pos_embed tables go
    MaeConfig stored = options.config() == null ? storedConfig(file, metadata, shapes, notes) : null;
    MaeConfig config = options.config() != null
        ? ConfigInference.withHeads(options.config(), options.heads(), options.decoderHeads())
        : stored != null
            ? ConfigInference.withHeads(stored, options.heads(), options.decoderHeads())
            : ConfigInference.infer(t, options.heads(), options.decoderHeads(), notes);
    config = options.applyTo(config);
    if (options.config() == null && stored == null) {
      notes.add(trainingSettingsNote(config, options));
    }
    if (options.mean() != null || options.std() != null) {
      notes.removeIf(n -> n.startsWith("config: input normalisation"));
      notes.add("config: input normalisation " + java.util.Arrays.toString(config.mean()) + " / "
          + java.util.Arrays.toString(config.std()) + " (--mean/--std)");
    }
    String tables = dropFixedTables(t, config, file, notes);
    boolean hasHead = t.keySet().stream().anyMatch(CheckpointImport::isHead);
    YShapedVit model = YShapedVit.create(config, manager, options.seed());
    try {
      model.weights().load(t, file.toString(), name -> hasHead || !isHead(name));
      if (!tables.isEmpty()) {
        throw new IllegalArgumentException(file + " does not fit this model: " + tables);
      }
    } catch (IllegalArgumentException e) {
      model.close();
      throw new IllegalArgumentException(e.getMessage() + (tables.isEmpty() ? "" : "; " + tables)
          + fitHint(config, shapes, options), e);
    }
    if (!hasHead) {
      notes.add("head: the file has none (" + scheme + " MAE weights); a fresh " + config.head()
          + " head for " + config.numClasses() + " classes was initialised (seed "
          + options.seed() + "): train it before trusting the predictions");
    }
    return new Loaded(model, scheme, notes);
  }

  /**
   * Imports {@code in} and saves it as a ttt4j checkpoint {@code out}; {@code provenance} goes
   * into its metadata along with the source file and the import notes. Returns the notes.
   */
  public static List<String> convert(Path in, Path out, Options options,
      Map<String, String> provenance) {
    try (NDManager m = NDManager.newBaseManager(); Loaded l = load(in, options, m)) {
      Map<String, String> meta = new LinkedHashMap<>(provenance);
      meta.put("imported_from", in.toString());
      meta.put("imported_names", l.scheme().toString());
      meta.put("import_notes", String.join("; ", l.notes()));
      Checkpoint.save(l.model(), out, meta);
      List<String> notes = new ArrayList<>(l.notes());
      notes.add("config: " + l.model().config());
      return notes;
    }
  }

  /** Metadata key under which {@link CheckpointExport} stores the config in safetensors files. */
  static final String CONFIG_KEY = "ttt4j_config";

  /**
   * The config stored in a safetensors file: by {@code ttt4j export} (its {@value #CONFIG_KEY}
   * metadata), or a ttt4j checkpoint's own. It holds what the shapes cannot tell (attention heads,
   * normalisation, mask ratio). Null when there is none, it is unreadable, or the tensors were
   * changed since (the shapes, where readable, do not fit it).
   */
  private static MaeConfig storedConfig(Path file, Map<String, String> metadata,
      ConfigInference.Shapes shapes, List<String> notes) {
    if (Checkpoint.FORMAT.equals(metadata.get("format"))) {
      notes.add("config: the file is a ttt4j checkpoint already (every ttt4j command takes it as"
          + " it is); its own config is used");
      return Checkpoint.config(metadata, file);
    }
    String json = metadata.get(CONFIG_KEY);
    if (json == null) {
      return null;
    }
    MaeConfig c;
    try {
      c = new com.google.gson.Gson().fromJson(json, MaeConfig.class);
    } catch (RuntimeException e) {
      notes.add("config: the file's " + CONFIG_KEY + " metadata is unreadable ("
          + e.getMessage() + "); inferred from the shapes instead");
      return null;
    }
    if (c == null || shapes != null && !shapes.fit(c)) {
      notes.add("config: the file's " + CONFIG_KEY + " metadata does not fit its tensors;"
          + " inferred from the shapes instead");
      return null;
    }
    notes.add("config: from the file's " + CONFIG_KEY + " metadata (written by ttt4j export)");
    return c;
  }

  /**
   * The tensors of a .pth or .safetensors file, unwrapped from a checkpoint dict. The reader is
   * picked by content, not by name ({@code export --format pth --out x.safetensors} writes a zip):
   * a zip is a torch.save file, a JSON header after the 8-byte length is safetensors; anything
   * else goes by the extension, to the reader whose refusal explains it best.
   */
  static Map<String, Safetensors.Tensor> read(Path file, List<String> notes) {
    return contents(file, notes).tensors();
  }

  /** As {@link #read}, with the file's metadata (a safetensors file's; none for a .pth). */
  private static Safetensors.Contents contents(Path file, List<String> notes) {
    byte[] head = PthReader.firstBytes(file, 9);
    int n = head.length;
    boolean safetensors = !PthReader.isZip(head, n) && (n == 9 && head[8] == '{'
        || file.getFileName().toString().endsWith(".safetensors"));
    if (safetensors) {
      return Safetensors.read(file);
    }
    return new Safetensors.Contents(stateDict(PthReader.read(file), file, notes), Map.of());
  }

  /** The state dict inside a checkpoint object (plain, or under a known wrapper key). */
  static Map<String, Safetensors.Tensor> stateDict(Object root, Path file, List<String> notes) {
    if (!(root instanceof Map<?, ?> top)) {
      throw new IllegalArgumentException(file + " holds a " + kind(root) + ", not a dict of"
          + " tensors; save model.state_dict()");
    }
    Map<?, ?> dict = top;
    if (tensorsIn(top) == 0) {
      for (String w : WRAPPERS) {
        if (top.get(w) instanceof Map<?, ?> inner && tensorsIn(inner) > 0) {
          List<String> others = top.keySet().stream().map(String::valueOf)
              .filter(k -> !k.equals(w)).toList();
          notes.add("layout: state dict under '" + w + "'" + (others.isEmpty() ? ""
              : "; other entries ignored: " + String.join(", ", others)));
          dict = inner;
          break;
        }
      }
    }
    if (tensorsIn(dict) == 0) {
      throw new IllegalArgumentException(file + " has no tensors at the top or under "
          + String.join("/", WRAPPERS) + " (top-level keys: " + top.keySet() + ")");
    }
    Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
    boolean ddp = dict.keySet().stream().allMatch(k -> String.valueOf(k).startsWith("module."));
    dict.forEach((k, v) -> {
      if (v instanceof Safetensors.Tensor t) {
        out.put(ddp ? String.valueOf(k).substring("module.".length()) : String.valueOf(k), t);
      }
    });
    if (ddp) {
      notes.add("layout: 'module.' prefixes (DistributedDataParallel) removed");
    }
    return out;
  }

  /** What the shapes say, for the hint of a mismatch; null when they say nothing readable. */
  private static ConfigInference.Shapes shapesOrNull(Map<String, Safetensors.Tensor> t) {
    try {
      return ConfigInference.Shapes.of(t);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The config the file's shapes imply, when {@code asked} does not fit them: the file's widths
   * and depths only, never the asked config's attention heads (they are not in the shapes).
   */
  private static String fitHint(MaeConfig asked, ConfigInference.Shapes shapes, Options o) {
    if (shapes == null || shapes.fit(asked)) {
      return "";
    }
    String preset = MaeConfig.PRESETS.stream().filter(n -> shapes.fit(MaeConfig.preset(n)))
        .findFirst().map(n -> " or --config " + n + " (its shapes)").orElse("");
    boolean headsGiven = o.heads() > 0 && o.decoderHeads() > 0;
    return ". The file's shapes fit " + shapes.describe(o.heads(), o.decoderHeads())
        + " (width/depth/heads" + (headsGiven ? ")"
            : "; attention heads are not in the shapes: give --heads and --decoder-heads)")
        + "; import with --config auto" + preset;
  }

  /**
   * Checks the file's sin-cos tables against ttt4j's and removes them and BN's counter. Returns
   * the tables whose shape does not fit {@code c} ("" when all fit), so that they are reported
   * with every other mismatch.
   */
  private static String dropFixedTables(Map<String, Safetensors.Tensor> t, MaeConfig c,
      Path file, List<String> notes) {
    List<String> dropped = new ArrayList<>();
    List<String> misShaped = new ArrayList<>();
    for (String name : new String[] {"pos_embed", "decoder_pos_embed"}) {
      Safetensors.Tensor x = t.remove(name);
      if (x == null) {
        continue;
      }
      int width = name.equals("pos_embed") ? c.embedDim() : c.decoderEmbedDim();
      float[] expected = PosEmbed.sinCos2d(width, c.gridSize());
      if (x.values().length != expected.length) {
        misShaped.add(name + " has shape " + java.util.Arrays.toString(x.shape())
            + " but the config needs [1, " + (1 + c.numPatches()) + ", " + width + "]");
        continue;
      }
      double worst = sinCosDifference(x.values(), expected);
      if (worst > 1e-4) {
        throw new IllegalArgumentException(file + ": " + name + " is not MAE's fixed 2-D sin-cos"
            + " table (largest difference " + worst + "); ttt4j supports only fixed sin-cos"
            + " position embeddings, not learned ones");
      }
      dropped.add(name + " (sin-cos, checked)");
    }
    if (t.remove("bn.num_batches_tracked") != null) {
      dropped.add("bn.num_batches_tracked");
    }
    if (!dropped.isEmpty()) {
      notes.add("dropped: " + String.join(", ", dropped));
    }
    return String.join("; ", misShaped);
  }

  /**
   * The largest difference between a stored table and the sin-cos one, beyond the rounding of the
   * precision it was stored in: a table saved as fp16 or bf16 (a whole half-precision checkpoint,
   * as {@code model.half()} saves it) is off by up to half a unit in its last place, 2.4e-4 (fp16)
   * or 2e-3 (bf16) near 1, which is rounding, not a learned table.
   */
  static double sinCosDifference(float[] stored, float[] expected) {
    boolean bf16 = true;
    boolean fp16 = true;
    for (float v : stored) {
      bf16 &= (Float.floatToRawIntBits(v) & 0xFFFF) == 0;
      fp16 &= v == roundToHalf(v);
    }
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      // one unit in the last place of the stored precision (rounding is at most half of it)
      double ulp = bf16 ? Math.ulp((float) e) * 0x1p16 : fp16 ? halfUlp(e) : 0;
      worst = Math.max(worst, Math.max(0, Math.abs(e - stored[i]) - ulp));
    }
    return worst;
  }

  /** {@code v} rounded to the nearest IEEE binary16 value (ties to even), as a float. */
  static float roundToHalf(float v) {
    if (Float.isNaN(v) || Float.isInfinite(v) || Math.abs(v) >= 65520f) {
      return Float.isNaN(v) ? v : Math.copySign(Float.POSITIVE_INFINITY, v);
    }
    double ulp = halfUlp(v);
    return (float) (Math.rint(v / ulp) * ulp);
  }

  /** The spacing of binary16 values around {@code v}: 2^-24 below 2^-14 (subnormal). */
  private static double halfUlp(double v) {
    double a = Math.abs(v);
    return a < 0x1p-14 ? 0x1p-24 : Math.scalb(1.0, Math.getExponent(a) - 10);
  }

  static boolean isHead(String name) {
    return name.startsWith("head.") || name.startsWith("bn.");
  }

  private static long tensorsIn(Map<?, ?> m) {
    return m.values().stream().filter(v -> v instanceof Safetensors.Tensor).count();
  }

  private static String kind(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }
}
