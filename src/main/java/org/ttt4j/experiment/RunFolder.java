package org.ttt4j.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;

/**
 * What an experiment finds in the folder of one of its eval runs, so that a re-run skips complete
 * runs, resumes interrupted ones, and never silently reuses a run made with other options.
 */
public enum RunFolder {
  /** Nothing there yet: start the run. */
  ABSENT,
  /** A finished run of exactly this recipe: skip it. */
  COMPLETE,
  /** This recipe's run, stopped before the end: continue it with {@code eval --resume}. */
  PARTIAL;

  /**
   * The state of {@code dir} for {@code spec}.
   *
   * @throws IllegalArgumentException when the folder holds a run made with other options, or
   *     records without a manifest: naming the folder and what to do
   */
  public static RunFolder of(Path dir, EvalSpec spec) {
    Path manifest = dir.resolve("manifest.json");
    Optional<RunManifest> m = Files.isRegularFile(manifest)
        ? JsonFiles.read(manifest, RunManifest.class) : Optional.empty();
    if (m.isEmpty()) {
      if (Files.exists(dir.resolve("records.jsonl"))) {
        throw new IllegalArgumentException(dir + " holds records but no manifest.json, so it"
            + " cannot be checked against the recipe; delete the folder or choose another --out");
      }
      return ABSENT;
    }
    List<String> made = withoutOut(m.get().command());
    List<String> wanted = new ArrayList<>(List.of("ttt4j", "eval"));
    wanted.addAll(spec.args());
    if (!made.equals(wanted)) {
      throw new IllegalArgumentException(dir + " holds a run made by `" + String.join(" ", made)
          + "`, not this recipe's `" + String.join(" ", wanted) + "`; delete the folder or"
          + " choose another --out (different --samples, --corruptions or --level need their own)");
    }
    return m.get().finished() != null ? COMPLETE : PARTIAL;
  }

  /** The command without its {@code --out DIR} (a folder may be moved and still be the run). */
  private static List<String> withoutOut(List<String> command) {
    List<String> out = new ArrayList<>(command);
    int at = out.indexOf("--out");
    if (at >= 0 && at + 1 < out.size()) {
      out.remove(at + 1);
      out.remove(at);
    }
    return out;
  }
}
