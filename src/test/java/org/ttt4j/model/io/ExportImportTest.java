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
        assertTrue(back.notes().stream().anyMatch(n -> n.contains("preset micro")),
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
          assertTrue(back.notes().stream().anyMatch(n -> n.contains("preset fmnist-video")),
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
}
