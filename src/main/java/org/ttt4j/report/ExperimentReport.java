package org.ttt4j.report;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.Versions;

/**
 * The report of one experiment of {@code ttt4j experiment} (seed 000's analyses), and the page
 * that gathers several. Each experiment is a {@link Section} built from its eval runs' records and
 * the tables the experiment wrote beside them (sizes.csv, latents.csv); nothing here needs the
 * model or the dataset.
 */
public final class ExperimentReport {

  /** One experiment's part of a page: its title, its content, the runs it read. */
  public static final class Section {
    final String id;
    final String title;
    final Page page;
    final List<EvalRun> runs;

    Section(String id, String title, List<EvalRun> runs) {
      this(id, title, runs, new Page(title));
      runs.forEach(r -> r.warnings().forEach(w -> page.add(new Page.Warning(w))));
    }

    private Section(String id, String title, List<EvalRun> runs, Page page) {
      this.id = id;
      this.title = title;
      this.page = page;
      this.runs = List.copyOf(runs);
    }

    public String id() {
      return id;
    }

    /**
     * Adds a hand-written reading of the figures (Markdown: paragraphs, "- " bullets, tables; its
     * "# " title line is dropped, bold and links become plain text) at the top of the section.
     */
    public Section withReading(String markdown) {
      Page reading = new Page(title);
      reading.add(new Page.Heading(2, "Reading"));
      // plain text on both pages: no bold markers, links as "text (target)"
      String plain = markdown.replace("**", "")
          .replaceAll("\\[([^\\]]+)\\]\\(([^)]+)\\)", "$1 ($2)");
      for (String chunk : plain.strip().split("\\R\\s*\\R")) {
        String c = chunk.strip();
        if (c.startsWith("# ")) {
          continue;
        }
        if (c.startsWith("- ")) {
          for (String item : c.split("\\R(?=- )")) {
            reading.add(new Page.Text("• " + item.substring(2).replaceAll("\\s*\\R\\s*", " ")));
          }
        } else {
          reading.addMarkdown(c);
        }
      }
      page.blocks().forEach(reading::add);
      return new Section(id, title, runs, reading);
    }

    public String title() {
      return title;
    }
  }

  /**
   * The key under which latents.manifest.json's metrics record the class names of the study's
   * dataset, by label (so that its report names them without opening the dataset).
   */
  public static final String CLASS_NAMES = "classNames";

  private ExperimentReport() {}

  /** Accuracy after each standard TTT step with SGD and AdamW (runs "sgd", "adamw"). */
  public static Section stepsOptimizer(List<EvalRun> runs) {
    return RunSections.stepsOptimizer(runs);
  }

  /** Standard TTT at several batch sizes (runs "b1", "b8", ...). */
  public static Section batchSize(List<EvalRun> runs) {
    return RunSections.batchSize(runs);
  }

  /** Fixed, online and standard TTT per corruption (runs "fixed", "online", "standard"). */
  public static Section onlineVsStandard(List<EvalRun> runs, int window) {
    return RunSections.onlineVsStandard(runs, window);
  }

  /** Online TTT against the fixed model on each stream order (runs "fixed-S", "online-S"). */
  public static Section streamOrder(List<EvalRun> runs, int window) {
    return RunSections.streamOrder(runs, window);
  }

  /**
   * PCA of the encoder latents in {@code latentsCsv}; classes named as its manifest recorded
   * them, else by {@code classNames} (by label), else "class k".
   */
  public static Section latentPca(Path latentsCsv, List<String> classNames) {
    return LatentSection.of(latentsCsv, classNames);
  }

  /** Per-class gains of TTT and their correlation with the object sizes in {@code sizesCsv}. */
  public static Section perClass(List<EvalRun> runs, Path sizesCsv) {
    return PerClassSection.of(runs, sizesCsv);
  }

  /**
   * Writes {@code section} into {@code dir} as report.html (self-contained), report.md and its
   * PNG figures, with the provenance of its runs; the HTML last, so a report that exists is
   * complete.
   */
  public static Report.Written write(Path dir, Section section) {
    Page page = new Page(section.title);
    page.add(new Page.Text(made(section.runs.size())));
    section.page.blocks().forEach(page::add);
    provenance(page, section, 2);
    List<Path> figures = new ArrayList<>();
    for (Page.Block b : page.blocks()) {
      if (b instanceof Page.Figure f) {
        Path png = dir.resolve(f.file());
        AtomicFiles.write(png, out -> out.write(f.png()));
        figures.add(png);
      }
    }
    Path md = dir.resolve("report.md");
    AtomicFiles.writeString(md, Report.relativeToHere(page.markdown()));
    Path html = dir.resolve("report.html");
    AtomicFiles.writeString(html, Report.relativeToHere(page.html()));
    return new Report.Written(html, md, figures);
  }

  /**
   * One page with every section (figures embedded in the HTML; the Markdown links each figure in
   * its experiment's folder, {@code <id>/<figure>.png}), written as {@code html} and a .md twin.
   */
  public static Report.Written writeCombined(Path html, String title, List<Section> sections) {
    if (sections.isEmpty()) {
      throw new IllegalArgumentException("a combined report needs at least one experiment");
    }
    Page page = new Page(title);
    int runs = sections.stream().mapToInt(s -> s.runs.size()).sum();
    page.add(new Page.Text(made(runs) + " Experiments: " + String.join(", ",
        sections.stream().map(s -> s.title).toList()) + "."));
    for (Section s : sections) {
      page.add(new Page.Heading(2, s.title));
      for (Page.Block b : s.page.blocks()) {
        if (b instanceof Page.Heading h) {
          page.add(new Page.Heading(h.level() + 1, h.text()));
        } else if (b instanceof Page.Figure f) {
          page.add(new Page.Figure(s.id + "/" + f.file(), f.caption(), f.png()));
        } else {
          page.add(b);
        }
      }
      if (!s.runs.isEmpty()) {
        page.add(new Page.Heading(3, "Runs of " + s.id));
        page.add(RunFacts.overview(s.runs));
      }
    }
    String name = html.getFileName().toString().replaceFirst("\\.html?$", "");
    Path md = html.resolveSibling(name + ".md");
    AtomicFiles.writeString(md, Report.relativeToHere(page.markdown()));
    AtomicFiles.writeString(html, Report.relativeToHere(page.html()));
    return new Report.Written(html, md, List.of());
  }

  private static String made(int runs) {
    return "Made " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by ttt4j "
        + Versions.ttt4jVersion() + " (ttt4j experiment) from the records of " + runs + " eval run"
        + (runs == 1 ? "" : "s") + " and the tables the experiment wrote beside them.";
  }

  private static void provenance(Page page, Section s, int level) {
    if (s.runs.isEmpty()) {
      return;
    }
    page.add(new Page.Heading(level, "Runs and provenance"));
    page.add(RunFacts.overview(s.runs));
    s.runs.forEach(r -> RunFacts.of(r).forEach(page::add));
  }
}
