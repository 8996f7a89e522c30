package org.ttt4j.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;

/** ttt4j → file → ttt4j gives the same weights, and the config comes back from the shapes. */
class ExportImportTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"PTH, OFFICIAL, model.pth", "SAFETENSORS, OFFICIAL, model.safetensors",
      "SAFETENSORS, HUGGING_FACE, hf.safetensors"})
  void weightsSurviveTheRoundTrip(CheckpointExport.Format format, NameScheme names, String file) {
    MaeConfig micro = MaeConfig.micro();
    Path out = dir.resolve(file);
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(micro, m, 5)) {
      CheckpointExport.export(model, out, format, names);
      try (CheckpointImport.Loaded back = CheckpointImport.load(out,
          CheckpointImport.Options.auto(), m)) {
        assertEquals(micro, back.model().config(), "config inferred from the shapes");
        assertEquals(names, back.scheme());
        Map<String, Safetensors.Tensor> want = model.weights().toTensors();
        Map<String, Safetensors.Tensor> got = back.model().weights().toTensors();
        want.forEach((name, t) -> {
          if (names == NameScheme.OFFICIAL || !CheckpointImport.isHead(name)) {
            assertArrayEquals(t.values(), got.get(name).values(), name);
          }
        });
        // a .pth has only the shapes; safetensors carries the config in its metadata
        String source = format == CheckpointExport.Format.PTH ? "preset micro"
            : "from the file's ttt4j_config metadata";
        assertTrue(back.notes().stream().anyMatch(n -> n.contains(source)),
            back.notes().toString());
      }
    }
  }

  /** A segmentation model (dense head: head.fc is [p*p*K, D]) comes back DENSE with K classes. */
  @ParameterizedTest
  @CsvSource({"PTH, OFFICIAL, seg.pth", "SAFETENSORS, OFFICIAL, seg.safetensors",
      "SAFETENSORS, HUGGING_FACE, hf.safetensors"})
  void aDenseHeadSurvivesTheRoundTrip(CheckpointExport.Format format, NameScheme names,
      String file) {
    MaeConfig video = MaeConfig.fmnistVideo();
    Path saved = dir.resolve("model.safetensors");
    Path out = dir.resolve(file);
    try (NDManager m = NDManager.newBaseManager()) {
      try (YShapedVit model = YShapedVit.create(video, m, 7)) {
        Checkpoint.save(model, saved, Map.of());
      }
      try (YShapedVit model = Checkpoint.load(saved, m)) {
        CheckpointExport.export(model, out, format, names);
        try (CheckpointImport.Loaded back = CheckpointImport.load(out,
            CheckpointImport.Options.auto(), m)) {
          assertEquals(video, back.model().config(), "config inferred from the shapes");
          assertEquals(HeadType.DENSE, back.model().config().head());
          assertEquals(11, back.model().config().numClasses());
          Map<String, Safetensors.Tensor> got = back.model().weights().toTensors();
          model.weights().toTensors().forEach((name, t) -> {
            if (names == NameScheme.OFFICIAL || !CheckpointImport.isHead(name)) {
              assertArrayEquals(t.values(), got.get(name).values(), name);
            }
          });
          String source = format == CheckpointExport.Format.PTH ? "preset fmnist-video"
              : "from the file's ttt4j_config metadata";
          assertTrue(back.notes().stream().anyMatch(n -> n.contains(source)),
              back.notes().toString());
        }
      }
    }
  }

  /** A dense head on a backbone no preset has (micro's, with micro's linear head) is DENSE too. */
  @ParameterizedTest
  @CsvSource({"PTH, micro.pth", "SAFETENSORS, micro.safetensors"})
  void aDenseHeadOnMicroIsReadAsDense(CheckpointExport.Format format, String file) {
    MaeConfig dense = MaeConfig.micro().withHead(HeadType.DENSE, 0);
    Path out = dir.resolve(file);
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(dense, m, 3)) {
      CheckpointExport.export(model, out, format, NameScheme.OFFICIAL);
      try (CheckpointImport.Loaded back = CheckpointImport.load(out,
          CheckpointImport.Options.auto(), m)) {
        assertEquals(dense, back.model().config(), "micro's sizes, heads and normalisation");
        Map<String, Safetensors.Tensor> got = back.model().weights().toTensors();
        model.weights().toTensors().forEach((name, t) ->
            assertArrayEquals(t.values(), got.get(name).values(), name));
      }
    }
  }

  /** The reader follows the content: a .pth zip under a .safetensors name, and the reverse. */
  @ParameterizedTest
  @CsvSource({"PTH, zip.safetensors", "SAFETENSORS, safetensors.pth"})
  void theReaderIsPickedByContentNotByName(CheckpointExport.Format format, String file) {
    MaeConfig micro = MaeConfig.micro();
    Path out = dir.resolve(file);
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(micro, m, 5)) {
      CheckpointExport.export(model, out, format, NameScheme.OFFICIAL);
      try (CheckpointImport.Loaded back = CheckpointImport.load(out,
          CheckpointImport.Options.auto(), m)) {
        assertEquals(micro, back.model().config());
        Map<String, Safetensors.Tensor> got = back.model().weights().toTensors();
        model.weights().toTensors().forEach((name, t) ->
            assertArrayEquals(t.values(), got.get(name).values(), name));
      }
    }
  }

  /**
   * A model of no preset (its own heads, normalisation and mask ratio, none of them in the
   * shapes) comes back whole from safetensors, whose metadata carries the config. From a .pth the
   * import takes those of preset micro, whose shapes these are (2/2 heads, [0.286]/[0.353], mask
   * ratio 0.75): export names them against the model's, and the import's options restore all.
   */
  @org.junit.jupiter.api.Test
  void whatTheShapesDoNotHoldSurvivesSafetensorsAndIsNamedForPth() {
    MaeConfig own = new MaeConfig(28, 7, 1, 32, 1, 4, 16, 1, 4, 4, 0.6, true, 10,
        HeadType.LINEAR, 1, new double[] {0.2}, new double[] {0.3});
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(own, m, 4)) {
      Path st = dir.resolve("own.safetensors");
      assertTrue(CheckpointExport.export(model, st, CheckpointExport.Format.SAFETENSORS,
          NameScheme.OFFICIAL).isEmpty());
      try (CheckpointImport.Loaded back = CheckpointImport.load(st,
          CheckpointImport.Options.auto(), m)) {
        assertEquals(own, back.model().config());
      }
      java.util.List<String> notes = CheckpointExport.export(model, dir.resolve("own.pth"),
          CheckpointExport.Format.PTH, NameScheme.OFFICIAL);
      String all = String.join("\n", notes);
      assertTrue(all.contains("not this model's --heads 4 --decoder-heads 4"), all);
      assertTrue(all.contains("not this model's [0.2]/[0.3]"), all);
      assertTrue(all.contains("mask ratio 0.75"), all);
      // what the import would take: micro's, whose shapes these are
      assertTrue(all.contains("infers from their shapes 2/2 attention heads, not this model's"
          + " --heads 4 --decoder-heads 4, normalisation [0.286]/[0.353], not this model's"
          + " [0.2]/[0.3], mask ratio 0.75, not this model's 0.6;"), all);
      // and the import's options restore them
      try (CheckpointImport.Loaded back = CheckpointImport.load(dir.resolve("own.pth"),
          new CheckpointImport.Options(null, 4, 4, 0, new double[] {0.2}, new double[] {0.3},
              0.6, null), m)) {
        assertEquals(own, back.model().config());
        assertTrue(back.notes().contains("config: input normalisation [0.2] / [0.3]"
            + " (--mean/--std)"), back.notes().toString());
      }
    }
  }

  /** A preset model exported as .pth needs no such note: the import finds the preset. */
  @org.junit.jupiter.api.Test
  void aPresetModelExportsToPthWithoutNotes() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 4)) {
      assertEquals(java.util.List.of(), CheckpointExport.export(model, dir.resolve("m.pth"),
          CheckpointExport.Format.PTH, NameScheme.OFFICIAL));
    }
  }

  /**
   * A ttt4j checkpoint given to import keeps its own config (and takes the options' overrides);
   * it failed with "the file has no pos_embed, so the image size is unknown".
   */
  @org.junit.jupiter.api.Test
  void importingATtt4jCheckpointKeepsItsConfig() {
    Path saved = dir.resolve("model.safetensors");
    MaeConfig own = MaeConfig.micro().withMaskRatio(0.5);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(own, m, 4)) {
      Checkpoint.save(model, saved, Map.of());
      try (CheckpointImport.Loaded back = CheckpointImport.load(saved,
          CheckpointImport.Options.auto(), m)) {
        assertEquals(own, back.model().config());
        assertTrue(back.notes().stream().anyMatch(n -> n.contains("a ttt4j checkpoint already")),
            back.notes().toString());
      }
    }
  }

  /** An import from the shapes alone says which training settings it assumed and how to set them. */
  @org.junit.jupiter.api.Test
  void anImportFromTheShapesSaysTheMaskRatioAndNormPixLossItAssumed() {
    Path pth = dir.resolve("m.pth");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 4)) {
      CheckpointExport.export(model, pth, CheckpointExport.Format.PTH, NameScheme.OFFICIAL);
      try (CheckpointImport.Loaded back = CheckpointImport.load(pth,
          CheckpointImport.Options.auto(), m)) {
        assertTrue(back.notes().contains("config: mask ratio 0.75, norm-pix loss on; both are"
            + " assumed, as MAE trains (neither is in the weights): give --mask-ratio R or"
            + " --norm-pix-loss false if the model was trained otherwise"), back.notes().toString());
      }
      try (CheckpointImport.Loaded back = CheckpointImport.load(pth, new CheckpointImport.Options(
          null, 0, 0, 0, null, null, 0.5, false), m)) {
        assertTrue(back.notes().contains("config: mask ratio 0.5 (--mask-ratio), norm-pix loss off"
            + " (--norm-pix-loss)"), back.notes().toString());
      }
    }
  }
}
