package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.provenance.RunManifest;

/** A MODEL argument that names no checkpoint is refused with what it is and what to give. */
class ModelOptionTest {

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @TempDir Path dir;

  private static String refusal(Path model) {
    return assertThrows(IllegalArgumentException.class,
        () -> ModelOption.resolve(model.toString())).getMessage();
  }

  /** /dev/null was "does not exist"; it exists, and is a device. */
  @Test
  void aDeviceIsNamedAsExistingButNotARegularFile() {
    Path devNull = Path.of("/dev/null");
    Assumptions.assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "/dev/null");
    String message = refusal(devNull);
    assertTrue(message.startsWith("model /dev/null exists but is not a regular file"), message);
    assertTrue(message.contains("give a checkpoint file (model.safetensors)"), message);
    assertEquals(2, Main.execute("info", "/dev/null"));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("exists but is not a regular file"), err);
    assertTrue(!err.contains("does not exist"), err);
  }

  /**
   * Every command that takes a model refuses one that is none as info does: a usage error (exit 2,
   * the message and where the usage is), not a failure with a --verbose hint (exit 1).
   */
  @Test
  void everyCommandRefusesANonModelAsAUsageError() {
    Path devNull = Path.of("/dev/null");
    Assumptions.assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "/dev/null");
    String out = dir.resolve("out").toString();
    List<String[]> commands = List.of(
        new String[] {"info", "/dev/null"},
        new String[] {"test", "/dev/null"},
        new String[] {"eval", "--model", "/dev/null", "--out", out},
        new String[] {"reconstruct", "/dev/null", "--out", dir.resolve("r.png").toString()},
        new String[] {"export", "/dev/null", "--format", "pth", "--out",
            dir.resolve("m.pt").toString()},
        new String[] {"demo", "--model", "/dev/null", "--out", out},
        new String[] {"experiment", "per-class", "--model", "/dev/null", "--out", out});
    for (String[] args : commands) {
      console.err().reset();
      String name = String.join(" ", args);
      assertEquals(2, Main.execute(args), name);
      String err = console.err().toString(StandardCharsets.UTF_8);
      assertTrue(err.startsWith("ttt4j: model /dev/null exists but is not a regular file"),
          name + ": " + err);
      assertTrue(err.contains("(see: ttt4j " + args[0] + " --help)"), name + ": " + err);
      assertTrue(!err.contains("--verbose"), name + ": " + err);
    }
    assertTrue(!Files.exists(dir.resolve("out")), "nothing is written");
  }

  @Test
  void aMissingPathStillDoesNotExist() {
    String message = refusal(dir.resolve("nowhere.safetensors"));
    assertTrue(message.contains("nowhere.safetensors does not exist; give a checkpoint"), message);
  }

  /** A folder that is no run folder says so; one with other checkpoints names one of them. */
  @Test
  void aFolderThatIsNoRunFolderSaysSoOrNamesTheCheckpointsInIt() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    String message = refusal(empty);
    assertTrue(message.contains("is a folder without model.safetensors; it is not a run folder;"
        + " give a checkpoint file"), message);
    Path exported = Files.createDirectory(dir.resolve("exports"));
    Files.writeString(exported.resolve("notes.txt"), "");
    Files.writeString(exported.resolve("vit-c10.safetensors"), "");
    message = refusal(exported);
    assertTrue(message.endsWith("give one of the checkpoints in it, e.g. "
        + exported.resolve("vit-c10.safetensors")), message);
  }

  /** The folder of an eval run holds records, not a model: the message names the model it ran. */
  @Test
  void anEvalRunFolderNamesTheModelItRan() throws Exception {
    Path run = Files.createDirectory(dir.resolve("eval-run"));
    RunManifest.start(List.of("eval"), Map.of("model", "models/fmnist-tiny/model.safetensors"),
        0, Map.of()).write(run.resolve("manifest.json"));
    String message = refusal(run);
    assertTrue(message.endsWith("give the model it ran, models/fmnist-tiny/model.safetensors"),
        message);
    // where the run also recorded the file's absolute path, that one: it works from any folder
    RunManifest.start(List.of("eval"), Map.of("model", "m.safetensors",
        "modelFile", "/data/models/m.safetensors"), 0, Map.of()).write(run.resolve("manifest.json"));
    assertTrue(refusal(run).endsWith("give the model it ran, /data/models/m.safetensors"),
        refusal(run));
    // a training run records a config, not a file, under "model": no model is named
    RunManifest.start(List.of("train"), Map.of("model", Map.of("depth", 2)), 0, Map.of())
        .write(run.resolve("manifest.json"));
    assertTrue(refusal(run).contains("it is not a run folder"), refusal(run));
  }

  @Test
  void aFifoIsNamedAsExistingButNotARegularFile() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (java.io.IOException e) {
      Assumptions.abort("no mkfifo here");
      return;
    }
    Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo");
    String message = refusal(fifo);
    assertTrue(message.contains("pipe exists but is not a regular file"), message);
  }
}
