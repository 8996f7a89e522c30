package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;

/** {@code ttt4j info} on checkpoints that are, and are not, what they claim. */
class InfoCommandTest {

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @TempDir Path dir;

  private static final Path FIXTURES = Path.of("src", "test", "resources", "interop");

  @Test
  void aPyTorchFileIsNamedAndTheImportIsSuggested() {
    // was "safetensors file ttt-mae.pth declares a header of 578712552184433488 bytes"
    Path pth = FIXTURES.resolve("ttt-mae.pth");
    assertEquals(1, Main.execute("info", pth.toString()));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("as torch.save writes a PyTorch .pth"), err);
    assertTrue(err.contains("`ttt4j import " + pth + " --out model.safetensors`"), err);
  }

  @Test
  void saysWhetherTheStoredTensorsFitTheConfig() {
    Path good = dir.resolve("good.safetensors");
    Path bad = dir.resolve("bad.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 1)) {
      Checkpoint.save(model, good, Map.of());
      Map<String, Safetensors.Tensor> t = new LinkedHashMap<>(model.weights().toTensors());
      t.remove("norm.weight");
      t.put("blocks.0.mlp.fc1.weight", new Safetensors.Tensor(new long[] {2, 2}, new float[4]));
      Safetensors.write(bad, t, Checkpoint.metadata(good));
    }
    assertEquals(0, Main.execute("info", good.toString()));
    String out = console.out().toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("each with the shape the config needs"), out);
    console.out().reset();
    // was exit 0 with the config's counts, as if the file were whole
    assertEquals(1, Main.execute("info", bad.toString()));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("DO NOT FIT the config"), err);
    assertTrue(err.contains("missing 1 [norm.weight]"), err);
    assertTrue(err.contains("blocks.0.mlp.fc1.weight [2, 2] (config: [128, 32])"), err);
  }
}
