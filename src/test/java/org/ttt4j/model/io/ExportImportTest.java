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
}
