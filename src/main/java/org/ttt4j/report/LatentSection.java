package org.ttt4j.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.report.stats.Pca;

/**
 * Seed 000's latent-space figures from latents.csv (written by {@code ttt4j experiment
 * latent-pca}): a 2-D PCA of the encoder latents of clean and corrupted images, coloured by class
 * and by corruption, and the trajectories of a few probe images over standard TTT steps and along
 * an online stream, projected into the same basis. Done twice: for the cls token and for the mean
 * of the patch tokens.
 */
final class LatentSection {

  /** One row of latents.csv. */
  record Row(String role, String token, String corruption, int label, int image, int step,
      double[] v) {}

  private static final List<String> TOKENS = List.of("cls", "mean");

  private LatentSection() {}

  static ExperimentReport.Section of(Path csv, List<String> given) {
    List<Row> rows = read(csv);
    int labels = 1 + rows.stream().mapToInt(Row::label).max().orElse(-1);
    List<String> classNames = ClassNames.complete(classNames(csv, given), labels);
    ExperimentReport.Section s = new ExperimentReport.Section("latent-pca",
        "Latent space (PCA of encoder latents)", List.of());
    Page p = s.page;
    List<Row> points = rows.stream().filter(r -> r.role().equals("point")).toList();
    long clean = points.stream().filter(r -> r.corruption().equals("clean")
        && r.token().equals("cls")).count();
    p.add(new Page.Text("Encoder latents of the unmasked encoder (mask ratio 0) of " + clean
        + " clean test images and of " + (points.size() / 2 - clean) + " corrupted ones (each"
        + " corruption on its own block of images), summarised by the cls token and by the mean"
        + " of the patch tokens. PCA (SVD of the centred latents, commons-math3) is fitted on"
        + " these points; the trajectories are projected into the same basis. Test split;"
        + " TTT settings tuned on the validation split (docs/results/tuning.md)."));
    Path made = csv.resolveSibling("latents.manifest.json");
    JsonFiles.read(made, RunManifest.class).ifPresent(m -> {
      p.add(new Page.Text("How the table was made (" + made.getFileName() + "; git commit "
          + m.gitCommit() + ", finished " + m.finished() + "):"));
      p.add(new Page.Code(RunFacts.commandLine(m.command()) + "\n" + m.configs().get("study")));
    });
    Map<Integer, Long> perClass = new java.util.TreeMap<>();
    points.stream().filter(r -> r.token().equals("cls"))
        .forEach(r -> perClass.merge(r.label(), 1L, Long::sum));
    List<String> counts = new ArrayList<>();
    perClass.forEach((k, n) -> counts.add(classNames.get(k) + " " + n));
    p.add(new Page.Text("Points per class (clean and corrupted): " + String.join(", ", counts)
        + "."));
    List<List<String>> table = new ArrayList<>();
    for (String token : TOKENS) {
      List<Row> pts = points.stream().filter(r -> r.token().equals(token)).toList();
      if (pts.size() < 3) {
        continue;
      }
      Pca pca = Pca.fit(pts.stream().map(Row::v).toArray(double[][]::new), 2);
      double[][] xy = pts.stream().map(r -> pca.project(r.v())).toArray(double[][]::new);
      table.add(List.of(token, pct(pca.explained(0)), pct(pca.explained(1)),
          f(eta2(pts.stream().map(Row::v).toList(), pts, r -> Integer.toString(r.label()))),
          f(eta2(pts.stream().map(Row::v).toList(), pts, Row::corruption)),
          f(eta2(java.util.Arrays.asList(xy), pts, r -> Integer.toString(r.label()))),
          f(eta2(java.util.Arrays.asList(xy), pts, Row::corruption))));
      p.add(Report.figure("pca-" + token + ".png", "PCA of the " + what(token) + " of clean and"
          + " corrupted test images: left coloured by class, right by corruption.",
          scatterPair(token, pca, pts, xy, classNames)));
      List<Row> standard = rows.stream().filter(r -> r.role().equals("standard")
          && r.token().equals(token)).toList();
      List<Row> online = rows.stream().filter(r -> r.role().equals("online")
          && r.token().equals(token)).toList();
      if (!standard.isEmpty() || !online.isEmpty()) {
        p.add(Report.figure("trajectory-" + token + ".png", "Trajectories of probe images ("
            + what(token) + ") in the PCA plane, coloured by class; a diamond marks the start."
            + " Left: over standard TTT steps k = 0..K on each probe (reset between probes)."
            + " Right: under the weights of an online run over a consecutive stream of the"
            + " corruptions, every few samples. Grey: the clean and corrupted points.",
            trajectories(token, pca, pts, xy, standard, online, classNames)));
      }
    }
    p.add(new Page.Heading(2, "How much of the latent space is class, how much is corruption"));
    p.add(new Page.Text("Explained variance of the first two components, and eta² = between-"
        + "group sum of squares / total sum of squares when the points are grouped by class or by"
        + " corruption (clean counts as one group), in the full latent space and in the PCA"
        + " plane. Seed 000 reports that the noise, not the class, dominates the latent space"
        + " (its figure 4)."));
    p.add(new Page.Table(List.of("token", "PC1 variance", "PC2 variance", "eta² class (all"
        + " dims)", "eta² corruption (all dims)", "eta² class (PC1-2)", "eta² corruption"
        + " (PC1-2)"), table));
    return s;
  }

  private static BufferedImage scatterPair(String token, Pca pca, List<Row> pts, double[][] xy,
      List<String> classNames) {
    String x = axis(pca, 0);
    String y = axis(pca, 1);
    List<Scatter.Group> byClass = groups(pts, xy, r -> r.label(), k -> name(classNames, k),
        Scatter::classColour, Scatter.CLASS_COLOURS, "classes");
    List<String> shifts = pts.stream().map(Row::corruption).distinct().toList();
    // clean (the first, and the largest group) in black, each corruption in a colour of its own
    List<Scatter.Group> byShift = groups(pts, xy, r -> shifts.indexOf(r.corruption()),
        shifts::get, k -> k == 0 ? Color.BLACK : Charts.colour(k), Charts.COLOURS + 1,
        "corruptions");
    BufferedImage a = Scatter.draw("by class", x, y, byClass, 720, 520);
    BufferedImage b = Scatter.draw("by corruption", x, y, byShift, 720, 520);
    return Charts.grid("PCA of the " + what(token), List.of(), List.of(a, b), 2);
  }

  private static BufferedImage trajectories(String token, Pca pca, List<Row> pts, double[][] xy,
      List<Row> standard, List<Row> online, List<String> classNames) {
    List<Scatter.Group> background = List.of(new Scatter.Group("clean and corrupted images",
        new Color(150, 150, 150), column(xy, 0), column(xy, 1)));
    BufferedImage a = trajectoryPanel("standard TTT, k = 0..K", pca, background, standard,
        classNames);
    BufferedImage b = trajectoryPanel("online TTT stream, every few samples", pca, background,
        online, classNames);
    return Charts.grid("Latent trajectories of probe images (" + what(token) + ")", List.of(),
        List.of(a, b), 2);
  }

  private static BufferedImage trajectoryPanel(String title, Pca pca,
      List<Scatter.Group> background, List<Row> rows, List<String> classNames) {
    Map<String, List<Row>> byProbe = new LinkedHashMap<>();
    rows.forEach(r -> byProbe.computeIfAbsent(r.corruption() + "#" + r.image(),
        k -> new ArrayList<>()).add(r));
    List<Scatter.Group> paths = new ArrayList<>();
    List<Scatter.Group> starts = new ArrayList<>();
    for (Map.Entry<String, List<Row>> e : byProbe.entrySet()) {
      List<Row> path = new ArrayList<>(e.getValue());
      path.sort((u, v) -> Integer.compare(u.step(), v.step()));
      double[][] q = path.stream().map(r -> pca.project(r.v())).toArray(double[][]::new);
      Color c = Scatter.classColour(path.get(0).label());
      paths.add(new Scatter.Group(e.getKey(), c, column(q, 0), column(q, 1), false, false));
      starts.add(new Scatter.Group(name(classNames, path.get(0).label()), c,
          new double[] {q[0][0]}, new double[] {q[0][1]}));
    }
    List<Scatter.Group> points = new ArrayList<>(background);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Scatter.Group g : starts) {
      points.add(new Scatter.Group(g.name(), g.colour(), g.x(), g.y(), seen.add(g.name()),
          true));
    }
    var chart = Scatter.chart(title, axis(pca, 0), axis(pca, 1), points, paths, 720, 520);
    return Charts.image(chart);
  }

  /**
   * One group of points per key, in key order, coloured by {@code colour} of the key. More keys
   * than {@code max} (a dataset of 100 classes, all 19 corruptions) would repeat colours and
   * overflow the legend: then the {@code max} − 1 largest groups keep a colour each (by their
   * rank) and the rest are drawn as one grey group, "other {@code what} (n)".
   */
  static List<Scatter.Group> groups(List<Row> pts, double[][] xy,
      Function<Row, Integer> key, Function<Integer, String> name,
      Function<Integer, Color> colour, int max, String what) {
    Map<Integer, List<double[]>> by = new java.util.TreeMap<>();
    for (int i = 0; i < pts.size(); i++) {
      by.computeIfAbsent(key.apply(pts.get(i)), k -> new ArrayList<>()).add(xy[i]);
    }
    List<Scatter.Group> out = new ArrayList<>();
    if (by.size() <= max) {
      by.forEach((k, v) -> out.add(group(name.apply(k), colour.apply(k), v)));
      return out;
    }
    List<Integer> largest = by.keySet().stream()
        .sorted((a, b) -> Integer.compare(by.get(b).size(), by.get(a).size()))
        .limit(max - 1L).toList();
    List<double[]> rest = new ArrayList<>();
    by.forEach((k, v) -> {
      if (largest.contains(k)) {
        out.add(group(name.apply(k), colour.apply(largest.indexOf(k)), v));
      } else {
        rest.addAll(v);
      }
    });
    out.add(group("other " + what + " (" + (by.size() - largest.size()) + ")",
        new Color(170, 170, 170), rest));
    return out;
  }

  private static Scatter.Group group(String name, Color colour, List<double[]> v) {
    return new Scatter.Group(name, colour, v.stream().mapToDouble(a -> a[0]).toArray(),
        v.stream().mapToDouble(a -> a[1]).toArray());
  }

  /**
   * Between-group / total sum of squares of {@code vectors} (one per row of {@code rows}), the
   * rows grouped by {@code group}: the share of the spread that the grouping explains.
   */
  private static double eta2(List<double[]> vectors, List<Row> rows,
      Function<Row, String> group) {
    int d = vectors.get(0).length;
    double[] mean = new double[d];
    vectors.forEach(v -> {
      for (int j = 0; j < d; j++) {
        mean[j] += v[j] / vectors.size();
      }
    });
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    double total = 0;
    for (int i = 0; i < vectors.size(); i++) {
      double[] v = vectors.get(i);
      String g = group.apply(rows.get(i));
      double[] s = sums.computeIfAbsent(g, k -> new double[d]);
      counts.merge(g, 1, Integer::sum);
      for (int j = 0; j < d; j++) {
        s[j] += v[j];
        total += (v[j] - mean[j]) * (v[j] - mean[j]);
      }
    }
    double between = 0;
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      int n = counts.get(e.getKey());
      for (int j = 0; j < d; j++) {
        double gm = e.getValue()[j] / n - mean[j];
        between += n * gm * gm;
      }
    }
    return total == 0 ? Double.NaN : between / total;
  }

  static List<Row> read(Path csv) {
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException(csv + " does not exist; `ttt4j experiment latent-pca`"
          + " writes it (run it without --report-only)");
    }
    List<Row> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(csv)) {
      String header = in.readLine();
      if (header == null || !header.startsWith("role,token,corruption,label,image,step,")) {
        throw new IllegalArgumentException(csv + " is not a latents table (its header should"
            + " start with role,token,corruption,label,image,step); write it again");
      }
      String line;
      int n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        String[] c = line.split(",");
        if (c.length < 7) {
          throw new IllegalArgumentException(csv + " line " + n + " is cut short; write the"
              + " table again");
        }
        double[] v = new double[c.length - 6];
        for (int j = 0; j < v.length; j++) {
          v[j] = Double.parseDouble(c[6 + j]);
        }
        out.add(new Row(c[0], c[1], c[2], Integer.parseInt(c[3]), Integer.parseInt(c[4]),
            Integer.parseInt(c[5]), v));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * The class names of the study's dataset: those its manifest (latents.manifest.json) recorded,
   * else {@code given} (the names of the dataset the experiment names now).
   */
  static List<String> classNames(Path csv, List<String> given) {
    Path made = csv.resolveSibling("latents.manifest.json");
    try {
      Object recorded = JsonFiles.read(made, RunManifest.class).map(RunManifest::metrics)
          .map(m -> m.get(ExperimentReport.CLASS_NAMES)).orElse(null);
      if (recorded instanceof List<?> list && !list.isEmpty()) {
        return list.stream().map(String::valueOf).toList();
      }
    } catch (IllegalArgumentException unreadable) {
      // an unreadable manifest names no classes; the page says nothing of it either
    }
    return given;
  }

  private static String what(String token) {
    return token.equals("cls") ? "cls token" : "mean patch token";
  }

  private static String axis(Pca pca, int c) {
    return String.format(Locale.ROOT, "PC%d (%.1f %% of variance)", c + 1,
        100 * pca.explained(c));
  }

  private static String name(List<String> names, int k) {
    return k < names.size() ? names.get(k) : "class " + k;
  }


  private static double[] column(double[][] m, int j) {
    return java.util.Arrays.stream(m).mapToDouble(r -> r[j]).toArray();
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
