package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.data.Split;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;

/**
 * The {@code data} map of a run's manifest names the classes where the data has names, so that a
 * report can name them without opening the data (which may be gone, or elsewhere).
 */
class DataOptionsTest {

  @TempDir Path dir;
  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  private static DataOptions options(String data) {
    DataOptions o = new DataOptions();
    o.data = data;
    o.validation = 2;
    return o;
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(Map<String, String> data) {
    return JsonFiles.fromJson(data.get(DataOptions.CLASS_NAMES), List.class);
  }

  /** Class folders root/{train,test}/<class>/, each class with {@code perClass} grey images. */
  private Path classFolders(String name, List<String> classes, int perClass) throws Exception {
    Path root = dir.resolve(name);
    for (String split : List.of("train", "test")) {
      for (String c : classes) {
        for (int i = 0; i < perClass; i++) {
          ImageFiles.writePng(root.resolve(split + "/" + c + "/" + i + ".png"),
              new Image(28, 28, 1, new byte[28 * 28]));
        }
      }
    }
    return root;
  }

  @Test
  void fashionMnistsTenNamesAreRecorded() {
    assertEquals(FashionMnist.CLASS_NAMES, names(options("fashion-mnist").provenance(Split.TEST)));
  }

  @Test
  void classFolderNamesAreRecordedForEitherSplit() throws Exception {
    Path root = classFolders("shapes", List.of("circle", "square"), 2);
    DataOptions o = options(root.toString());
    assertEquals(List.of("circle", "square"), names(o.provenance(Split.TEST)));
    assertEquals(List.of("circle", "square"), names(o.trainAndValidation().provenance()));
  }

  @Test
  void labelsThatAreOnlyNumbersAreNoNames() throws Exception {
    Path root = classFolders("digits", List.of("0", "1"), 1);
    assertFalse(options(root.toString()).provenance(Split.TEST)
        .containsKey(DataOptions.CLASS_NAMES));
  }

  /** The manifest of `ttt4j eval` on class folders: had source and split, no class names. */
  @Test
  void anEvalRunsManifestNamesTheClasses() throws Exception {
    Path root = classFolders("shapes", List.of("circle", "square"), 1);
    Path model = dir.resolve("m.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = YShapedVit.create(MaeConfig.micro(), m, 1)) {
      Checkpoint.save(vit, model, Map.of());
    }
    Path run = dir.resolve("run");
    assertEquals(0, Main.execute("eval", "--model", model.toString(), "--strategy", "fixed",
        "--data", root.toString(), "--corruptions", "fog", "--samples", "2",
        "--out", run.toString()), console.err().toString());
    RunManifest manifest = JsonFiles.read(run.resolve("manifest.json"), RunManifest.class)
        .orElseThrow();
    assertEquals(List.of("circle", "square"), names(manifest.data()));
  }
}
