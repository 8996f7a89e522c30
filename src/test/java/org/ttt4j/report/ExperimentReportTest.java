package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.eval.Evaluation;

/** Every experiment's report builds from records and tables alone (no model, no dataset). */
class ExperimentReportTest {

  @TempDir Path dir;

  private static final List<String> CORRUPTIONS = List.of("fog", "contrast");

  private EvalRun run(String name, List<Evaluation.Record> records, String... options) {
    Path run = dir.resolve("runs").resolve(name);
    RunFolders.writeRecords(run, records);
    List<String> command = new ArrayList<>(List.of("ttt4j", "eval", "--split", "test"));
    command.addAll(List.of(options));
    RunFolders.writeManifest(run, command, Map.of());
    return EvalRun.read(run, name);
  }

  @Test
  void runBasedExperimentsWriteTheirPagesAndFigures() throws Exception {
    List<EvalRun> steps = List.of(
        run("sgd", RunFolders.records(CORRUPTIONS, 20, 11, 0.8, 1)),
        run("adamw", RunFolders.records(CORRUPTIONS, 20, 11, 0.6, 2)));
    List<EvalRun> batches = List.of(
        run("b1", RunFolders.records(CORRUPTIONS, 10, 11, 0.6, 3)),
        run("b8", RunFolders.records(CORRUPTIONS, 10, 11, 0.7, 4)));
    List<EvalRun> streams = new ArrayList<>();
    for (String s : List.of("consecutive", "gradual")) {
      streams.add(run("fixed-" + s, RunFolders.records(CORRUPTIONS, 60, 1, 0.5, 5)));
      streams.add(run("online-" + s, RunFolders.records(CORRUPTIONS, 60, 1, 0.7, 6)));
    }
    List<ExperimentReport.Section> sections = List.of(ExperimentReport.stepsOptimizer(steps),
        ExperimentReport.batchSize(batches), ExperimentReport.streamOrder(streams, 20));
    for (ExperimentReport.Section s : sections) {
      Report.Written w = ExperimentReport.write(dir.resolve(s.id()), s);
      String html = Files.readString(w.html());
      assertTrue(html.contains("<img src=\"data:image/png;base64,"), s.id());
      assertTrue(html.contains("from the test split"), s.id() + " names the split");
      assertTrue(Files.readString(w.markdown()).contains("Runs and provenance"), s.id());
      assertTrue(w.figures().size() >= 2 && w.figures().stream().allMatch(Files::isRegularFile),
          s.id() + ": " + w.figures());
    }
    assertTrue(Files.readString(dir.resolve("stream-order/report.md"))
        .contains("| consecutive | 120 |"), "one row per stream order, every sample counted");
    ExperimentReport.Section read = sections.get(0).withReading("# Title\n\nSome **text**,\non"
        + " [two](a.md) lines.\n\n- first\n  point\n- second point\n");
    String withReading = Files.readString(ExperimentReport.write(dir.resolve("read"), read)
        .markdown());
    assertTrue(withReading.contains("## Reading\n\nSome text, on two (a.md) lines.\n\n"
        + "• first point\n\n• second point\n\n") && !withReading.contains("# Title"),
        withReading);
    Report.Written all = ExperimentReport.writeCombined(dir.resolve("report.html"), "all",
        sections);
    String md = Files.readString(all.markdown());
    assertTrue(md.contains("](steps-optimizer/accuracy-per-step.png)")
        && md.contains("## Batch size of the TTT steps"), "figures linked per experiment folder");
  }

  @Test
  void perClassGainsAndTheirCorrelationWithSize() throws Exception {
    // 20 images, image i of class i % 10; standard TTT turns wrong into right for i >= 10 only
    List<Evaluation.Record> standard = new ArrayList<>();
    List<Evaluation.Record> fixed = new ArrayList<>();
    List<Evaluation.Record> online = new ArrayList<>();
    StringBuilder sizes = new StringBuilder("image,label,bbox_area,foreground_pixels\n");
    for (int i = 0; i < 20; i++) {
      int label = i % 10;
      int wrong = (label + 1) % 10;
      standard.add(new Evaluation.Record(0, i, "fog", 5, label,
          new int[] {wrong, wrong, i >= 10 ? label : wrong}, new float[2], 0.1));
      fixed.add(new Evaluation.Record(0, i, "fog", 5, label, new int[] {wrong}, new float[0], 0));
      online.add(new Evaluation.Record(0, i, "fog", 5, label, new int[] {label}, new float[1], 0));
      sizes.append(String.format(Locale.ROOT, "%d,%d,%d,%d%n", i, label, 100 + i, i));
    }
    Path sizesCsv = dir.resolve("sizes.csv");
    Files.writeString(sizesCsv, sizes);
    List<EvalRun> runs = List.of(run("fixed", fixed), run("online", online),
        run("standard", standard));
    ExperimentReport.Section s = ExperimentReport.perClass(runs, sizesCsv);
    String md = Files.readString(ExperimentReport.write(dir.resolve("pc"), s).markdown());
    // per sample: gain = [i >= 10] against size i: Pearson r = Spearman rho = 0.86711,
    // p = 7.503e-07 (scipy.stats.pearsonr / spearmanr, computed offline)
    assertTrue(md.contains("| standard | per sample | foreground px | 20 | 0.867 | 7.5e-07 | 0.867"
        + " | 7.5e-07 |"), md);
    // online is right everywhere, fixed nowhere: +100 points in every class
    assertTrue(md.contains("| " + FashionMnist.CLASS_NAMES.get(3) + " | 2 | 0.0 [0.0, 65.8] |"
        + " 0.0 [0.0, 65.8] | 50.0 [9.5, 90.5] | 100.0 [34.2, 100.0] | +50.0 | +100.0 |"), md);
    assertTrue(Files.isRegularFile(dir.resolve("pc/gain-vs-size.png")));
  }

  @Test
  void latentSpaceIsSplitIntoClassAndCorruptionShares() throws Exception {
    // 3-D latents: corruption moves dim 0 by ±10, class moves dim 1 by ±1, nothing else varies:
    // eta² corruption = 100 / 101 = 0.990, class = 1 / 101 = 0.010; PC1 explains 99.0 %
    StringBuilder csv = new StringBuilder("role,token,corruption,label,image,step,v0,v1,v2\n");
    int image = 0;
    for (String c : List.of("clean", "fog")) {
      for (int label = 0; label < 2; label++) {
        for (int rep = 0; rep < 5; rep++) {
          for (String token : List.of("cls", "mean")) {
            csv.append(String.format(Locale.ROOT, "point,%s,%s,%d,%d,0,%d,%d,0%n", token, c,
                label, image, c.equals("fog") ? 10 : -10, label == 1 ? 1 : -1));
          }
          image++;
        }
      }
    }
    for (int k = 0; k <= 3; k++) {
      for (String role : List.of("standard", "online")) {
        csv.append(String.format(Locale.ROOT, "%s,cls,fog,1,7,%d,%d,1,0%n", role, k, 10 - 5 * k));
        csv.append(String.format(Locale.ROOT, "%s,mean,fog,1,7,%d,%d,1,0%n", role, k, 10 - 5 * k));
      }
    }
    Path file = dir.resolve("latents.csv");
    Files.writeString(file, csv);
    ExperimentReport.Section s = ExperimentReport.latentPca(file, FashionMnist.CLASS_NAMES);
    Report.Written w = ExperimentReport.write(dir.resolve("lat"), s);
    String md = Files.readString(w.markdown());
    assertTrue(md.contains("| cls | 99.0 % | 1.0 % | 0.010 | 0.990 | 0.010 | 0.990 |"), md);
    assertEquals(4, w.figures().size(), "PCA and trajectories, for cls and mean tokens");
  }

  @Test
  void missingTablesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentReport.latentPca(dir.resolve("nope.csv"), List.of()));
    assertTrue(e.getMessage().contains("nope.csv does not exist")
        && e.getMessage().contains("ttt4j experiment latent-pca"), e.getMessage());
  }

  /** Records of {@code perCorruption} images under each corruption, from {@code hit(i)}. */
  private static List<Evaluation.Record> perImage(List<String> corruptions, int perCorruption,
      int predictions, java.util.function.IntPredicate before,
      java.util.function.IntPredicate after) {
    List<Evaluation.Record> out = new ArrayList<>();
    for (int seg = 0; seg < corruptions.size(); seg++) {
      for (int i = 0; i < perCorruption; i++) {
        int label = i % 10;
        int wrong = (label + 1) % 10;
        int[] pred = new int[predictions];
        java.util.Arrays.fill(pred, before.test(i) ? label : wrong);
        pred[predictions - 1] = after.test(i) ? label : wrong;
        out.add(new Evaluation.Record(seg, i, corruptions.get(seg), 5, label, pred,
            new float[predictions - 1], 0.1));
      }
    }
    return out;
  }

  private Path sizes(int images) throws Exception {
    StringBuilder sizes = new StringBuilder("image,label,bbox_area,foreground_pixels\n");
    for (int i = 0; i < images; i++) {
      sizes.append(String.format(Locale.ROOT, "%d,%d,%d,%d%n", i, i % 10, 100 + i, i));
    }
    return Files.writeString(dir.resolve("sizes.csv"), sizes);
  }

  @Test
  void perClassCorrelatesPerImageWhenEachImageIsSeenUnderSeveralCorruptions() throws Exception {
    // the same 20 images under two corruptions, the same outcome under both: 40 samples but
    // only 20 independent pairs of (size, gain)
    List<String> two = List.of("fog", "contrast");
    List<EvalRun> runs = List.of(
        run("fixed", perImage(two, 20, 1, i -> false, i -> false)),
        run("online", perImage(two, 20, 1, i -> false, i -> i >= 15)),
        run("standard", perImage(two, 20, 3, i -> false, i -> i >= 10)));

    String md = Files.readString(ExperimentReport.write(dir.resolve("pc"),
        ExperimentReport.perClass(runs, sizes(20))).markdown());

    // per image: gain = [i >= 10] against size i, n = 20: r = rho = 0.867, p = 7.5e-07 (scipy)
    assertTrue(md.contains("| standard | per image | foreground px | 20 | 0.867 | 7.5e-07 | 0.867"
        + " | 7.5e-07 |"), md);
    // per sample the pairs repeat: the same r, but no p-value from a t with 38 df
    assertTrue(md.contains("| standard | per sample | foreground px | 40 | 0.867 | — (not"
        + " independent) | 0.867 | — (not independent) |"), md);
  }

  @Test
  void gainsAreDrawnInTheColoursOfTheirRuns() throws Exception {
    // runs fixed, online, standard: online is orange (colour 1) in every figure, standard green
    // (colour 2); online gains nothing here, so the gain bars are standard's alone
    List<EvalRun> runs = List.of(
        run("fixed", perImage(CORRUPTIONS, 20, 1, i -> false, i -> false)),
        run("online", perImage(CORRUPTIONS, 20, 1, i -> false, i -> false)),
        run("standard", perImage(CORRUPTIONS, 20, 3, i -> false, i -> true)));

    ExperimentReport.write(dir.resolve("pc"), ExperimentReport.perClass(runs, sizes(20)));

    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(dir.resolve(
        "pc/gain-by-class.png").toFile());
    int green = count(png, Charts.colour(2));
    int orange = count(png, Charts.colour(1));
    // both have a legend swatch of the same size; only standard has bars
    assertTrue(green > orange + 1000, "standard's bars are green, as standard is everywhere"
        + " else in the report (green " + green + " px, orange " + orange + " px)");
  }

  private static int count(java.awt.image.BufferedImage png, java.awt.Color c) {
    int n = 0;
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        n += (png.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF) ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void latentClassesAreNamedAsTheStudyManifestRecordedThem() throws Exception {
    StringBuilder csv = new StringBuilder("role,token,corruption,label,image,step,v0,v1\n");
    for (int i = 0; i < 8; i++) {
      for (String token : List.of("cls", "mean")) {
        csv.append(String.format(Locale.ROOT, "point,%s,%s,%d,%d,0,%d,%d%n", token,
            i < 4 ? "clean" : "fog", i % 2, i, i, i % 3));
      }
    }
    Path file = Files.writeString(dir.resolve("latents.csv"), csv);
    RunFolders.manifest(List.of("ttt4j", "experiment", "latent-pca"), Map.of("study", "{}"),
        Map.of("source", "/data/pets"), 1)
        .withMetrics(Map.of(ExperimentReport.CLASS_NAMES, List.of("cat", "dog")))
        .write(dir.resolve("latents.manifest.json"));

    String md = Files.readString(ExperimentReport.write(dir.resolve("lat"),
        ExperimentReport.latentPca(file, List.of())).markdown());

    assertTrue(md.contains("Points per class (clean and corrupted): cat 4, dog 4."), md);
  }

  @Test
  void shortStreamsAreDrawnAndTheirGainsPaired() throws Exception {
    List<EvalRun> runs = new ArrayList<>();
    for (String s : List.of("separate", "consecutive")) {
      runs.add(run("fixed-" + s, RunFolders.records(CORRUPTIONS, 30, 1, 0.5, 5)));
      runs.add(run("online-" + s, RunFolders.records(CORRUPTIONS, 30, 1, 0.5, 5)));
    }

    Report.Written w = ExperimentReport.write(dir.resolve("so"),
        ExperimentReport.streamOrder(runs, 50));

    assertTrue(w.figures().contains(dir.resolve("so/stream-consecutive.png")), w.figures()
        .toString());
    String md = Files.readString(w.markdown());
    assertTrue(md.contains("| separate | 60 | ") && md.contains(" | +0.0 | [+0.0, +0.0] |"),
        "the same predictions: a gain of 0 with no spread: " + md);
  }

  @Test
  void batchSizeCostsNameTheThreadsTheRunsWereTimedWith() throws Exception {
    List<EvalRun> runs = new ArrayList<>();
    for (String b : List.of("b1", "b8")) {
      Path run = dir.resolve("runs").resolve(b);
      RunFolders.writeRecords(run, RunFolders.records(CORRUPTIONS, 5, 11, 0.6, 3));
      RunFolders.manifest(List.of("ttt4j", "eval"), Map.of(), Map.of("source", "fashion-mnist"),
          2).write(run.resolve("manifest.json"));
      runs.add(EvalRun.read(run, b));
    }

    String md = Files.readString(ExperimentReport.write(dir.resolve("bs"),
        ExperimentReport.batchSize(runs)).markdown());

    assertTrue(md.contains("seconds of wall clock per sample and per step (2 threads)")
        && !md.contains("1 thread"), md);
  }
}
