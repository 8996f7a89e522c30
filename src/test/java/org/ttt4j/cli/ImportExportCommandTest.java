package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;

/** {@code ttt4j import} and {@code ttt4j export} on the interop fixtures. */
class ImportExportCommandTest {

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @TempDir Path dir;

  private static final Path FIXTURES = Path.of("src", "test", "resources", "interop");

  @Test
  void importWritesACheckpointWithItsSourceAndExportWritesPth() {
    Path out = dir.resolve("m.safetensors");
    assertEquals(0, Main.execute("import", FIXTURES.resolve("ttt-mae.pth").toString(), "--out",
        out.toString(), "--heads", "2", "--decoder-heads", "2"));
    String printed = console.out().toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("other entries ignored: optimizer, epoch, args"), printed);
    assertTrue(Checkpoint.metadata(out).get("imported_from").endsWith("ttt-mae.pth"));
    assertTrue(Checkpoint.metadata(out).containsKey("data.ttt-mae.pth"), "source SHA-256");
    Path pth = dir.resolve("m.pth");
    assertEquals(0, Main.execute("export", out.toString(), "--format", "pth", "--out",
        pth.toString()));
    assertTrue(Files.isRegularFile(pth));
  }

  @Test
  void anExplicitZeroOrNegativeHeadCountIsAUsageErrorNotInference() {
    Path out = dir.resolve("m.safetensors");
    for (String[] given : new String[][] {{"--heads", "0"}, {"--decoder-heads", "-2"}}) {
      console.err().reset();
      assertEquals(2, Main.execute("import", FIXTURES.resolve("ttt-mae.pth").toString(), "--out",
          out.toString(), given[0], given[1]), String.join(" ", given));
      String err = console.err().toString(StandardCharsets.UTF_8);
      assertTrue(err.contains(given[0] + " " + given[1] + " is not a head count"), err);
      assertFalse(Files.exists(out), "nothing written");
    }
  }

  @Test
  void exportOutThatIsAFolderIsAUsageErrorSuggestingAFile() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("dd"));
    assertEquals(2, Main.execute("export", "--format", "pth", "--out", folder.toString()));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("--out " + folder + " is a folder; give a file path, e.g. "
        + folder.resolve("model.pth")), err);
    try (var left = Files.list(folder)) {
      assertTrue(left.findAny().isEmpty(), "nothing written into it");
    }
  }

  @Test
  void refusedFileGivesExitOneAndTheReason() throws Exception {
    Path evil = dir.resolve("evil.pth");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(evil))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
      zip.write(new byte[] {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm',
          '\n', ')', 'R', '.'});
    }
    Path out = dir.resolve("x.safetensors");
    assertEquals(1, Main.execute("import", evil.toString(), "--out", out.toString()));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("'os.system'") && err.contains("nothing was executed"), err);
    assertFalse(Files.exists(out));
  }

  @Test
  void exportOutWhoseExtensionContradictsTheFormatIsAUsageError() {
    Path out = dir.resolve("x.safetensors");
    assertEquals(2, Main.execute("export", "--format", "pth", "--out", out.toString()));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("--out " + out + " names a safetensors file but --format is pth"),
        err);
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void importOverItsOwnInputIsAUsageErrorAndLeavesItAlone() throws Exception {
    Path in = Files.copy(FIXTURES.resolve("hf-vitmae.safetensors"), dir.resolve("a.safetensors"));
    byte[] before = Files.readAllBytes(in);
    for (String out : new String[] {in.toString(), dir.resolve(".").resolve("a.safetensors")
        .toString()}) {
      console.err().reset();
      assertEquals(2, Main.execute("import", in.toString(), "--out", out, "--heads", "2",
          "--decoder-heads", "2"), out);
      String err = console.err().toString(StandardCharsets.UTF_8);
      assertTrue(err.contains("is the input file"), err);
      assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(in)), "input untouched");
    }
  }

  @Test
  void headCountsApplyToANamedPresetToo() throws Exception {
    Path in = dir.resolve("micro.safetensors");
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
        org.ttt4j.model.YShapedVit vit = org.ttt4j.model.YShapedVit.create(
            org.ttt4j.model.MaeConfig.micro(), m, 1)) {
      Checkpoint.save(vit, in, java.util.Map.of());
    }
    Path out = dir.resolve("m.safetensors");
    assertEquals(0, Main.execute("import", in.toString(), "--out", out.toString(), "--config",
        "micro", "--heads", "4", "--decoder-heads", "1"));
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
        org.ttt4j.model.YShapedVit vit = Checkpoint.load(out, m)) {
      assertEquals(4, vit.config().numHeads(), "--heads applied to the preset (micro has 2)");
      assertEquals(1, vit.config().decoderNumHeads(), "--decoder-heads too");
    }
    Files.delete(out);
    console.err().reset();
    assertEquals(2, Main.execute("import", in.toString(), "--out", out.toString(), "--config",
        "micro", "--heads", "3"));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("--heads 3 does not divide the encoder width 32"), err);
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void badOptionValuesAreUsageErrorsAndWriteNothing() {
    Path out = dir.resolve("m.safetensors");
    String in = FIXTURES.resolve("ttt-mae.pth").toString();
    String[][] cases = {{"--config", "nope"}, {"--heads", "3", "--decoder-heads", "2"},
        {"--heads", "2", "--decoder-heads", "3"}};
    String[] says = {"unknown preset 'nope'", "--heads 3 does not divide the encoder width 16",
        "--decoder-heads 3 does not divide the decoder width 8"};
    for (int i = 0; i < cases.length; i++) {
      console.err().reset();
      String[] full = new String[4 + cases[i].length];
      System.arraycopy(new String[] {"import", in, "--out", out.toString()}, 0, full, 0, 4);
      System.arraycopy(cases[i], 0, full, 4, cases[i].length);
      assertEquals(2, Main.execute(full), String.join(" ", cases[i]));
      String err = console.err().toString(StandardCharsets.UTF_8);
      assertTrue(err.contains(says[i]), err);
      assertFalse(err.contains("--verbose"), err);
      assertFalse(Files.exists(out), "nothing written");
    }
  }
  @Test
  void importOutWithAPyTorchNameOrAFolderIsAUsageError() throws Exception {
    // --out m.pth wrote a safetensors file named .pth; a folder was exit 1 after the reading
    Path pth = dir.resolve("m.pth");
    assertEquals(2, Main.execute("import", FIXTURES.resolve("ttt-mae.pth").toString(), "--out",
        pth.toString()));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("--out " + pth + " names a PyTorch file, but import writes a ttt4j"
        + " checkpoint (safetensors); give --out m.safetensors"), err);
    assertFalse(Files.exists(pth));
    console.err().reset();
    Path folder = Files.createDirectory(dir.resolve("dd"));
    assertEquals(2, Main.execute("import", FIXTURES.resolve("ttt-mae.pth").toString(), "--out",
        folder.toString()));
    err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("--out " + folder + " is a folder; give a file path, e.g. "
        + folder.resolve("model.safetensors")), err);
  }

  @Test
  void importTakesTheNormalisationAndMaskRatioThatTheWeightsDoNotHold() {
    Path out = dir.resolve("m.safetensors");
    assertEquals(0, Main.execute("import", FIXTURES.resolve("ttt-mae.pth").toString(), "--out",
        out.toString(), "--heads", "2", "--decoder-heads", "2", "--mean", "0.49,0.48,0.45",
        "--std", "0.25,0.24,0.26", "--mask-ratio", "0.5"));
    MaeConfig c = Checkpoint.config(Checkpoint.metadata(out), out);
    assertEquals("[0.49, 0.48, 0.45]", java.util.Arrays.toString(c.mean()));
    assertEquals("[0.25, 0.24, 0.26]", java.util.Arrays.toString(c.std()));
    assertEquals(0.5, c.maskRatio());
    console.err().reset();
    assertEquals(2, Main.execute("import", FIXTURES.resolve("ttt-mae.pth").toString(), "--out",
        dir.resolve("n.safetensors").toString(), "--heads", "2", "--decoder-heads", "2",
        "--mean", "0.5"));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("--mean/--std give 1/3 values, but the model has 3 input channel(s)"),
        err);
  }

  /**
   * A model of no preset (3 channels, widths off the 64/32 dims-per-head rule, its own
   * normalisation and mask ratio) exported to .pth comes back whole when imported with the options
   * the export's note names, copied as printed.
   */
  @Test
  void thePthNoteNamesTheImportOptionsThatRestoreTheConfig() throws Exception {
    MaeConfig own = new MaeConfig(16, 4, 3, 48, 1, 4, 24, 1, 4, 4, 0.6, true, 5,
        org.ttt4j.model.HeadType.LINEAR, 1, new double[] {0.4914, 0.4822, 0.4465},
        new double[] {0.247, 0.243, 0.261});
    assertEquals(own, exportToPthAndImportAsTheNoteSays(own));
  }

  /**
   * A model trained without the norm-pix loss (not in the weights; import turns it on unless
   * told): the note names {@code --norm-pix-loss false} with the other options, and they restore
   * the whole config. The note said that no import of the .pth could restore it.
   */
  @Test
  void thePthNoteNamesTheNormPixOptionThatRestoresAModelWithoutIt() throws Exception {
    MaeConfig without = new MaeConfig(28, 7, 1, 32, 1, 4, 16, 1, 4, 4, 0.5, false, 10,
        org.ttt4j.model.HeadType.LINEAR, 1, new double[] {0.2}, new double[] {0.3});
    assertEquals(without, exportToPthAndImportAsTheNoteSays(without));
    String printed = console.out().toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("mask ratio 0.75, not this model's 0.5, the norm-pix loss (MAE's"
        + " loss on per-patch normalised pixels) on, not this model's off; import it with"
        + " --heads 4 --decoder-heads 4 --mean 0.2 --std 0.3 --mask-ratio 0.5 --norm-pix-loss"
        + " false, or export --format safetensors"), printed);
    assertFalse(printed.contains("cannot restore"), printed);
  }

  /** A preset's shapes without the norm-pix loss: the note names that option alone. */
  @Test
  void aPresetModelWithoutTheNormPixLossComesBackWithTheOneOptionTheNoteNames()
      throws Exception {
    MaeConfig micro = MaeConfig.micro();
    MaeConfig without = new MaeConfig(micro.imageSize(), micro.patchSize(), micro.channels(),
        micro.embedDim(), micro.depth(), micro.numHeads(), micro.decoderEmbedDim(),
        micro.decoderDepth(), micro.decoderNumHeads(), micro.mlpRatio(), micro.maskRatio(), false,
        micro.numClasses(), micro.head(), micro.probeDepth(), micro.mean(), micro.std());
    assertEquals(without, exportToPthAndImportAsTheNoteSays(without));
    String printed = console.out().toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("; import it with --norm-pix-loss false, or export"), printed);
    String recipe = Checkpoint.metadata(dir.resolve("back.safetensors")).get("recipe");
    assertTrue(recipe.contains("\"normPixLoss\":false"), recipe);
  }

  /** {@code --norm-pix-loss} takes true or false; anything else is a usage error naming it. */
  @Test
  void aNormPixLossOtherThanTrueOrFalseIsAUsageError() {
    Path out = dir.resolve("m.safetensors");
    assertEquals(2, Main.execute("import", FIXTURES.resolve("ttt-mae.pth").toString(), "--out",
        out.toString(), "--heads", "2", "--decoder-heads", "2", "--norm-pix-loss", "maybe"));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("Invalid value for option '--norm-pix-loss': 'maybe' is not a"
        + " boolean"), err);
    assertFalse(Files.exists(out), "nothing written");
  }

  /** Saves {@code c}, exports it to .pth, imports that with the note's options: the config. */
  private MaeConfig exportToPthAndImportAsTheNoteSays(MaeConfig c) throws Exception {
    Path saved = dir.resolve("own.safetensors");
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
        org.ttt4j.model.YShapedVit vit = org.ttt4j.model.YShapedVit.create(c, m, 2)) {
      Checkpoint.save(vit, saved, java.util.Map.of());
    }
    Path pth = dir.resolve("own.pth");
    assertEquals(0, Main.execute("export", saved.toString(), "--format", "pth", "--out",
        pth.toString()));
    String printed = console.out().toString(StandardCharsets.UTF_8);
    java.util.regex.Matcher note = java.util.regex.Pattern.compile("; import it with (.+?), or"
        + " export --format safetensors, which keeps the config").matcher(printed);
    assertTrue(note.find(), printed);
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("import",
        pth.toString(), "--out", dir.resolve("back.safetensors").toString()));
    args.addAll(java.util.List.of(note.group(1).split(" ")));
    assertEquals(0, Main.execute(args.toArray(String[]::new)), String.join(" ", args));
    Path back = dir.resolve("back.safetensors");
    return Checkpoint.config(Checkpoint.metadata(back), back);
  }
}
