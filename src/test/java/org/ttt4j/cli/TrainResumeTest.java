package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.FolderLock;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.train.TrainConfig;
import org.ttt4j.train.TrainMode;
import org.ttt4j.train.TrainState;
import org.ttt4j.train.Trainer;

/**
 * `train --resume` continues a run with the settings it was started with (mode, data options,
 * hyper-parameters), refuses options that say otherwise, keeps the run's provenance, and a run
 * folder that a job is writing is refused to a second one.
 */
class TrainResumeTest {

  @TempDir Path dir;
  @org.junit.jupiter.api.extension.RegisterExtension final CapturedConsole console =
      new CapturedConsole();

  /** The run every test starts: 64 images, 4 steps per epoch, 8 steps in all. */
  private static final String[] OPTIONS = {"--preset", "micro", "--limit", "64", "--val", "100",
      "--epochs", "2", "--warmup", "0.5", "--batch", "16", "--checkpoint-every", "3",
      "--seed", "4"};

  @Test
  void aRunWhoseOwnCommandLineNoLongerParsesIsSaidSoNotCalledAnotherCommandsRun()
      throws Exception {
    Path stopped = stoppedAfterThreeSteps(dir.resolve("stopped"));
    Path manifest = stopped.resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"--seed\",",
        "\"--renamed\", \"3\", \"--seed\","));
    Map<String, String> before = FolderContents.of(stopped);
    console.err().reset();
    assertEquals(2, Main.execute("train", "--out", stopped.toString(), "--resume"));
    assertTrue(said().contains("the command line the run was started with")
        && said().contains("--renamed") && said().contains("no longer parses")
        && !said().contains("is not a run of"), said());
    assertEquals(before, FolderContents.of(stopped), "refused under its lock, left as it was");
  }

  @Test
  void aResumeTakesEverySettingFromTheRunRefusesOthersAndKeepsItsProvenance() throws Exception {
    Path straight = dir.resolve("straight");
    assertEquals(0, Main.execute(command("mae", straight)));
    Path stopped = stoppedAfterThreeSteps(dir.resolve("stopped"));
    byte[] state = Files.readAllBytes(stopped.resolve("state.safetensors"));
    String manifest = Files.readString(stopped.resolve("manifest.json"));

    console.err().reset();
    assertEquals(2, Main.execute("train", "--out", stopped.toString(), "--resume",
        "--limit", "6400"), "a data option other than the run's is refused");
    assertTrue(said().contains("--limit 6400 is not the setting of the run")
        && said().contains("started with --limit 64,") && said().contains("start a new run"),
        said());
    assertEquals(2, Main.execute("train", "joint", "--out", stopped.toString(), "--resume"));
    assertTrue(said().contains("MODE joint is not the mode of the run"), said());
    assertEquals(2, Main.execute("train", "--out", stopped.toString(), "--resume", "--blr",
        "1e-3"), "a hyper-parameter other than the run's is refused, not ignored");
    assertArrayEquals(state, Files.readAllBytes(stopped.resolve("state.safetensors")));
    assertEquals(manifest, Files.readString(stopped.resolve("manifest.json")), "nothing changed");

    assertEquals(0, Main.execute("train", "--out", stopped.toString(), "--resume"),
        "no MODE and no option: everything comes from the run");
    Map<String, Safetensors.Tensor> a = Safetensors.read(straight.resolve("model.safetensors"))
        .tensors();
    Map<String, Safetensors.Tensor> b = Safetensors.read(stopped.resolve("model.safetensors"))
        .tensors();
    a.forEach((k, v) -> assertArrayEquals(v.values(), b.get(k).values(), k));

    RunManifest was = JsonFiles.fromJson(manifest, RunManifest.class);
    RunManifest now = read(stopped);
    assertEquals(was.command(), now.command(), "the command that started the run");
    assertEquals(was.started(), now.started());
    assertEquals("fresh micro", now.configs().get("init"));
    assertEquals(1, now.resumed().size());
    assertEquals(List.of("ttt4j", "train", "--out", stopped.toString(), "--resume"),
        now.resumed().get(0).command());
    assertEquals(3, now.resumed().get(0).fromStep());
    assertEquals(8.0, ((Number) now.metrics().get("steps")).doubleValue());
    assertNull(now.metrics().get("validation_top1"), "an MAE run measures no head");
    String meta = Safetensors.read(stopped.resolve("model.safetensors")).metadata().get("command");
    assertEquals(String.join(" ", was.command()), meta, "the model's provenance too");

    byte[] finished = Files.readAllBytes(stopped.resolve("manifest.json"));
    console.err().reset();
    assertEquals(0, Main.execute("train", "--out", stopped.toString(), "--resume"));
    assertTrue(said().contains("is complete"), said());
    assertArrayEquals(finished, Files.readAllBytes(stopped.resolve("manifest.json")),
        "a finished run is left as it is");
  }

  @Test
  void aResumeWithNoStepLeftKeepsTheFinalLossesAndTheSameOptionsGivenAgainAreAccepted()
      throws Exception {
    Path run = dir.resolve("run");
    assertEquals(0, Main.execute(command("mae", run)));
    RunManifest done = read(run);
    done.unfinished().write(run.resolve("manifest.json"));      // as if it died before the end
    List<String> again = new ArrayList<>(List.of(command("mae", run)));
    again.add("--resume");
    assertEquals(0, Main.execute(again.toArray(String[]::new)));
    assertEquals((Double) done.metrics().get("final_loss"),
        (Double) read(run).metrics().get("final_loss"), 1e-6, "from history.csv's last step");
  }

  @Test
  void aRunFolderThatAJobIsWritingIsRefusedToASecondOneAndLeftAsItIs() throws Exception {
    Path busy = dir.resolve("busy");
    try (FolderLock held = FolderLock.acquire(busy)) {
      assertEquals(1, Main.execute(command("mae", busy)));
      assertTrue(said().contains("is being written by another ttt4j job"), said());
      try (var files = Files.list(busy)) {
        assertEquals(List.of(".lock"), files.map(p -> p.getFileName().toString()).toList());
      }
    }
    Path stopped = stoppedAfterThreeSteps(dir.resolve("stopped"));
    byte[] state = Files.readAllBytes(stopped.resolve("state.safetensors"));
    try (FolderLock held = FolderLock.acquire(stopped)) {
      assertEquals(1, Main.execute("train", "--out", stopped.toString(), "--resume"));
    }
    assertArrayEquals(state, Files.readAllBytes(stopped.resolve("state.safetensors")));
    assertTrue(Files.notExists(stopped.resolve("history.csv")));
  }

  @Test
  void aStateFromBeforeManifestsWereWrittenAtTheStartResumesWithItsOwnCommandLine()
      throws Exception {
    Path stopped = stoppedAfterThreeSteps(dir.resolve("old"));
    Files.delete(stopped.resolve("manifest.json"));     // an earlier ttt4j wrote it at the end
    assertEquals(2, Main.execute("train", "--out", stopped.toString(), "--resume", "--limit",
        "100"));
    assertEquals(0, Main.execute("train", "--out", stopped.toString(), "--resume"));
    RunManifest now = read(stopped);
    assertEquals("mae", now.command().get(2));
    assertEquals(8.0, ((Number) now.metrics().get("steps")).doubleValue());
  }

  private static String[] command(String mode, Path out) {
    List<String> args = new ArrayList<>(List.of("train", mode));
    args.addAll(List.of(OPTIONS));
    args.addAll(List.of("--out", out.toString()));
    return args.toArray(String[]::new);
  }

  /**
   * The folder a run of {@link #command} leaves when stopped after its checkpoint at step 3:
   * manifest.json as the command writes it at the start, the state of the same trainer.
   */
  private static Path stoppedAfterThreeSteps(Path out) throws java.io.IOException {
    DataOptions options = new DataOptions();
    options.data = "fashion-mnist";
    options.limit = 64;
    options.validation = 100;
    DataOptions.Splits data = options.trainAndValidation();
    MaeConfig config = MaeConfig.micro();
    TrainConfig cfg = new TrainConfig(TrainMode.MAE, 2, 16, 1.5e-4, 0, 0.5, 0.05, 0.9, 0.95,
        0.75, 1.0, 0.2, 3, 4);
    Map<String, Object> configs = new LinkedHashMap<>();
    configs.put("model", config);
    configs.put("train", cfg);
    configs.put("init", "fresh micro");
    List<String> line = new ArrayList<>(List.of("ttt4j"));
    line.addAll(List.of(command("mae", out)));
    RunManifest manifest = RunManifest.start(line, configs, cfg.seed(), data.provenance());
    Files.createDirectories(out);
    manifest.write(out.resolve("manifest.json"));
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(config, m, cfg.seed());
        Trainer t = new Trainer(model, cfg, data.train(),
            org.ttt4j.data.Normalize.of(config.mean(), config.std()))) {
      for (int i = 0; i < 3; i++) {
        t.nextStep();
      }
      TrainState.save(t, out.resolve("state.safetensors"), manifest.asMetadata());
    }
    return out;
  }

  private static RunManifest read(Path run) {
    return JsonFiles.read(run.resolve("manifest.json"), RunManifest.class).orElseThrow();
  }

  private String said() {
    return console.err().toString(StandardCharsets.UTF_8);
  }
}
