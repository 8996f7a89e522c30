package org.ttt4j.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;

/**
 * A ttt4j model exported as .pth is read by PyTorch with {@code torch.load(weights_only=True)},
 * loaded with strict key matching into a PyTorch MAE (tools/interop/mae_torch.py), and computes
 * the same logits and MAE loss. Needs /usr/bin/python3 with torch (python3-torch); skipped
 * without it (.ci/run installs it).
 */
class PyTorchRoundTripTest {

  private static final String PYTHON = "/usr/bin/python3";

  @TempDir Path dir;

  static boolean torchAvailable() {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true)
          .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void exportedPthGivesTheSameLogitsInPyTorch() throws Exception {
    assumeTrue(torchAvailable(), "skipped: " + PYTHON + " cannot import torch (apt-get install"
        + " python3-torch to run the PyTorch round trip)");
    MaeConfig c = ForeignCheckpointTest.CONFIG;
    Path pth = dir.resolve("model.pth");
    Path out = dir.resolve("torch-out.safetensors");
    float[] logits;
    float loss;
    try (NDManager m = NDManager.newBaseManager(); YShapedVit model = YShapedVit.create(c, m, 3)) {
      CheckpointExport.export(model, pth, CheckpointExport.Format.PTH, NameScheme.OFFICIAL);
      NDArray imgs = ForeignCheckpointTest.array(m, "in.imgs");
      logits = model.classify(imgs).toFloatArray();
      loss = model.maeLoss(imgs, ForeignCheckpointTest.masking()).loss().getFloat();
    }
    String config = String.format("{\"img\": %d, \"patch\": %d, \"chans\": %d, \"dim\": %d,"
        + " \"depth\": %d, \"heads\": %d, \"ddim\": %d, \"ddepth\": %d, \"dheads\": %d,"
        + " \"classes\": %d, \"mask_ratio\": %s}", c.imageSize(), c.patchSize(), c.channels(),
        c.embedDim(), c.depth(), c.numHeads(), c.decoderEmbedDim(), c.decoderDepth(),
        c.decoderNumHeads(), c.numClasses(), c.maskRatio());
    Process p = new ProcessBuilder(List.of(PYTHON, "tools/interop/make_interop.py",
        "--check-pth", pth.toString(),
        ForeignCheckpointTest.DIR.resolve("expected.safetensors").toString(), out.toString(),
        "--config", config)).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "PyTorch could not load the exported .pth:\n" + log);
    Map<String, Safetensors.Tensor> torch = Safetensors.read(out).tensors();
    try (NDManager m = NDManager.newBaseManager()) {
      ForeignCheckpointTest.assertClose("logits in PyTorch", torch.get("out.logits"),
          m.create(logits, new Shape(torch.get("out.logits").shape())));
      ForeignCheckpointTest.assertClose("loss in PyTorch", torch.get("out.loss"),
          m.create(new float[] {loss}, new Shape(1)));
    }
  }
}
