package org.ttt4j.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.provenance.Versions;

/** What a report says about how each run was made, from its manifest. */
final class RunFacts {

  private RunFacts() {}

  /** The value of {@code option} on the run's command line ("--strategy" gives "online"). */
  static Optional<String> option(EvalRun run, String option) {
    return run.manifest().map(RunManifest::command).flatMap(c -> {
      for (int i = 0; i < c.size(); i++) {
        if (c.get(i).equals(option) && i + 1 < c.size()) {
          return Optional.of(c.get(i + 1));
        }
        if (c.get(i).startsWith(option + "=")) {
          return Optional.of(c.get(i).substring(option.length() + 1));
        }
      }
      return Optional.empty();
    });
  }

  /** The stream order from the manifest's stream config ("separate", "shuffled", ...). */
  static Optional<String> stream(EvalRun run) {
    return run.config("stream").filter(Map.class::isInstance).map(s -> ((Map<?, ?>) s).get("kind"))
        .map(k -> k.toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
  }

  /** One row per run: what it is and how much it holds. */
  static Page.Table overview(List<EvalRun> runs) {
    List<List<String>> rows = new ArrayList<>();
    for (EvalRun r : runs) {
      int k = r.predictionsPerRecord();
      rows.add(List.of(r.name(), option(r, "--strategy").orElse("?"), stream(r).orElse("?"),
          Integer.toString(r.records().size()),
          k > 1 ? "after each of " + (k - 1) + " steps" : "once",
          Integer.toString(r.holdout().size()), finished(r), folders(r, false)));
    }
    return new Page.Table(List.of("run", "strategy", "stream", "samples", "prediction",
        "held-out points", "finished", "folder"), rows);
  }

  private static String folders(EvalRun r, boolean absolute) {
    return String.join(", ", r.shards().stream()
        .map(p -> absolute ? p.toAbsolutePath().normalize().toString() : p.toString()).toList());
  }

  private static String finished(EvalRun r) {
    return r.manifest().map(m -> m.finished() != null ? "yes" : "no: in progress or stopped")
        .orElse("? (no manifest)");
  }

  /** The provenance blocks of one run: facts, command line, configs. */
  static List<Page.Block> of(EvalRun run) {
    List<Page.Block> out = new ArrayList<>();
    out.add(new Page.Heading(3, run.name()));
    List<List<String>> facts = new ArrayList<>();
    facts.add(List.of(run.shards().size() > 1 ? "folders (pooled shards; the first one's"
        + " manifest below)" : "folder", folders(run, true)));
    facts.add(List.of("records", run.records().size() + (run.skippedRecords() == 0 ? ""
        : " (" + run.skippedRecords() + " unreadable line" + (run.skippedRecords() == 1 ? ""
        : "s") + " skipped)")));
    if (run.manifest().isEmpty()) {
      out.add(new Page.Table(List.of("fact", "value"), facts));
      out.add(new Page.Warning("no readable manifest.json: command, code version, seed and data"
          + " of this run are unknown"));
      return out;
    }
    RunManifest m = run.manifest().get();
    facts.add(List.of("tool", String.valueOf(m.tool())));
    facts.add(List.of("git commit", String.valueOf(m.gitCommit())));
    facts.add(List.of("seed", Long.toString(m.seed())));
    facts.add(List.of("started", String.valueOf(m.started())));
    facts.add(List.of("finished", m.finished() != null ? m.finished()
        : "not finished (still running, or stopped before the end)"));
    if (m.versions() != null) {
      facts.add(List.of("versions", versions(m.versions())));
    }
    if (m.data() != null) {
      m.data().forEach((k, v) -> facts.add(List.of("data: " + k,
          k.equals(ClassNames.MANIFEST_KEY) ? classNames(v) : String.valueOf(v))));
    }
    out.add(new Page.Table(List.of("fact", "value"), facts));
    if (m.command() != null) {
      out.add(new Page.Text("Command line:"));
      out.add(new Page.Code(commandLine(m.command())));
    }
    if (m.configs() != null && !m.configs().isEmpty()) {
      out.add(new Page.Text("Configs:"));
      StringBuilder sb = new StringBuilder();
      m.configs().forEach((k, v) -> sb.append(k).append(": ")
          .append(JsonFiles.toCompactJson(JsonFiles.asJsonValue(v)))  // 8.0 of old manifests: 8
          .append('\n'));
      out.add(new Page.Code(sb.toString().strip()));
    }
    return out;
  }

  /** How many names, then the first few and the last ({@code "10 names: T-shirt/top, ..."}). */
  static String classNames(String json) {
    List<String> names = ClassNames.parse(json);
    if (names.isEmpty()) {
      String raw = String.valueOf(json);
      return raw.length() <= SHOWN_CHARS ? raw : raw.substring(0, SHOWN_CHARS) + " ...";
    }
    String count = names.size() + (names.size() == 1 ? " name: " : " names: ");
    if (names.size() <= SHOWN_NAMES + 1) {
      return count + String.join(", ", names);
    }
    return count + String.join(", ", names.subList(0, SHOWN_NAMES)) + ", ... "
        + names.get(names.size() - 1);
  }

  /** The first names of a long class_names list that a provenance table shows (then the last). */
  private static final int SHOWN_NAMES = 3;

  /** The characters of a class_names value that is not a list of names a table shows. */
  private static final int SHOWN_CHARS = 80;

  private static String versions(Versions v) {
    return "ttt4j " + v.ttt4j() + "; Java " + v.java() + "; DJL " + v.djl() + "; PyTorch "
        + v.pytorch() + "; threads: " + v.threads() + "; " + v.cpu() + "; " + v.os()
        + (v.mklDispatch() == null ? "" : "; MKL dispatch " + v.mklDispatch())
        + (v.nativeKernels() == null ? "" : "; " + v.nativeKernels())
        + (v.malloc() == null ? "" : "; malloc: " + v.malloc());
  }

  /** The command as one could paste it into a shell. */
  static String commandLine(List<String> command) {
    StringBuilder sb = new StringBuilder();
    for (String a : command) {
      sb.append(sb.length() == 0 ? "" : " ")
          .append(a.matches("[A-Za-z0-9_./:=,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }
}
