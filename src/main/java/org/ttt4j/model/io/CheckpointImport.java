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
   * {@code decoderHeads} (0 = the preset's, or inferred) override the attention heads either way.
   */
  public record Options(MaeConfig config, int heads, int decoderHeads, long seed) {
    public static Options auto() {
      return new Options(null, 0, 0, 0);
    }
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
    Map<String, Safetensors.Tensor> raw = read(file, notes);
    NameScheme scheme = NameScheme.detect(raw);
    Map<String, Safetensors.Tensor> t = scheme == NameScheme.HUGGING_FACE
        ? NameScheme.fromHuggingFace(raw) : raw;
    notes.add("names: " + scheme + " (" + raw.size() + " tensors)");
    ConfigInference.Shapes shapes = shapesOrNull(t);   // before the pos_embed tables go
    MaeConfig config = options.config() != null
        ? ConfigInference.withHeads(options.config(), options.heads(), options.decoderHeads())
        : ConfigInference.infer(t, options.heads(), options.decoderHeads(), notes);
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

  /**
   * The tensors of a .pth or .safetensors file, unwrapped from a checkpoint dict. The reader is
   * picked by content, not by name ({@code export --format pth --out x.safetensors} writes a zip):
   * a zip is a torch.save file, a JSON header after the 8-byte length is safetensors; anything
   * else goes by the extension, to the reader whose refusal explains it best.
   */
  static Map<String, Safetensors.Tensor> read(Path file, List<String> notes) {
    byte[] head = PthReader.firstBytes(file, 9);
    int n = head.length;
    boolean safetensors = !PthReader.isZip(head, n) && (n == 9 && head[8] == '{'
        || file.getFileName().toString().endsWith(".safetensors"));
    if (safetensors) {
      return Safetensors.read(file).tensors();
    }
    return stateDict(PthReader.read(file), file, notes);
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
      double worst = 0;
      for (int i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(expected[i] - x.values()[i]));
      }
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
