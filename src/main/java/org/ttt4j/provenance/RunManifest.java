package org.ttt4j.provenance;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How an artifact was made: the command line, the configs (as records), the root seed, the data
 * (with SHA-256 sums), the git commit of the code, the software versions, start and end times,
 * the final metrics, and each resume of a stopped run (null when it never stopped). Written as
 * {@code manifest.json} next to every run's outputs.
 */
public record RunManifest(
    String tool,
    List<String> command,
    Map<String, Object> configs,
    long seed,
    Map<String, String> data,
    String gitCommit,
    Versions versions,
    String started,
    String finished,
    Map<String, Object> metrics,
    List<Resume> resumed) {

  /** A stopped run continued: the command line that continued it, when, and from which step. */
  public record Resume(List<String> command, String at, long fromStep) {}

  /** A manifest for a run starting now. */
  public static RunManifest start(List<String> command, Map<String, Object> configs, long seed,
      Map<String, String> data) {
    return new RunManifest("ttt4j " + Versions.ttt4jVersion(), List.copyOf(command),
        new LinkedHashMap<>(configs), seed, new LinkedHashMap<>(data), currentGitCommit(),
        Versions.current(true), Instant.now().toString(), null, new LinkedHashMap<>(), null);
  }

  /** This manifest, finished now with these metrics. */
  public RunManifest finish(Map<String, Object> finalMetrics) {
    return new RunManifest(tool, command, configs, seed, data, gitCommit, versions, started,
        Instant.now().toString(), withMetrics(finalMetrics).metrics(), resumed);
  }

  /** This manifest with {@code more} metrics added (a key already present is replaced). */
  public RunManifest withMetrics(Map<String, Object> more) {
    Map<String, Object> m = new LinkedHashMap<>(metrics);
    m.putAll(more);
    return new RunManifest(tool, command, configs, seed, data, gitCommit, versions, started,
        finished, m, resumed);
  }

  /** This manifest as of a run not yet finished (no finish time). */
  public RunManifest unfinished() {
    return new RunManifest(tool, command, configs, seed, data, gitCommit, versions, started, null,
        metrics, resumed);
  }

  /**
   * This manifest of a stopped run, continued now by {@code resumeCommand} from {@code step}: its
   * command line, configs and start time stay the ones it was started with.
   */
  public RunManifest resumedBy(List<String> resumeCommand, long step) {
    List<Resume> all = new java.util.ArrayList<>(resumed == null ? List.of() : resumed);
    all.add(new Resume(List.copyOf(resumeCommand), Instant.now().toString(), step));
    return new RunManifest(tool, command, configs, seed, data, gitCommit, versions, started, null,
        metrics, all);
  }

  /**
   * The manifest that checkpoint {@code metadata} written by {@link #asMetadata} describes, for a
   * run whose manifest.json was not kept (no software versions: the metadata has none).
   */
  public static RunManifest fromMetadata(Map<String, String> metadata) {
    Map<String, String> data = new LinkedHashMap<>();
    metadata.forEach((k, v) -> {
      if (k.startsWith("data.")) {
        data.put(k.substring(5), v);
      }
    });
    @SuppressWarnings("unchecked")
    Map<String, Object> configs = metadata.containsKey("recipe")
        ? JsonFiles.fromJsonKeepingIntegers(metadata.get("recipe"), Map.class) : Map.of();
    List<String> command = List.of(metadata.getOrDefault("command", "").split(" "));
    return new RunManifest(metadata.get("tool"), command, new LinkedHashMap<>(configs),
        Long.parseLong(metadata.getOrDefault("seed", "0")), data, metadata.get("git_commit"), null,
        metadata.get("created"), null, new LinkedHashMap<>(), null);
  }

  public void write(Path file) {
    JsonFiles.write(file, this);
  }

  /**
   * Adds {@code more} to the metrics of the manifest in {@code file}, in place (a key already
   * present is replaced). Every other value keeps its JSON text as it is.
   */
  public static void addMetrics(Path file, Map<String, Object> more) {
    JsonObject root = JsonFiles.readObject(file);
    JsonObject metrics = root.has("metrics") && root.get("metrics").isJsonObject()
        ? root.getAsJsonObject("metrics") : new JsonObject();
    more.forEach((k, v) -> metrics.add(k, JsonFiles.toJsonTree(v)));
    root.add("metrics", metrics);
    JsonFiles.write(file, root);
  }

  /** Key facts as strings, for checkpoint metadata. */
  public Map<String, String> asMetadata() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("git_commit", gitCommit);
    out.put("created", finished == null ? started : finished);
    out.put("tool", tool);
    out.put("command", String.join(" ", command));
    out.put("seed", Long.toString(seed));
    out.put("recipe", JsonFiles.toCompactJson(configs));
    data.forEach((k, v) -> out.put("data." + k, v));
    if (resumed != null) {
      out.put("resumed", JsonFiles.toCompactJson(resumed));
    }
    return out;
  }

  /**
   * The commit of the working tree ({@code git rev-parse HEAD}, "+dirty" when there are
   * uncommitted changes), or "unknown" outside a git checkout.
   */
  public static String currentGitCommit() {
    Path root = Path.of(System.getProperty("ttt4j.root", "."));
    String head = git(root, "rev-parse", "HEAD");
    if (head == null || head.isBlank()) {
      return "unknown";
    }
    String status = git(root, "status", "--porcelain", "--untracked-files=no");
    return head.trim() + (status != null && !status.isBlank() ? "+dirty" : "");
  }

  private static String git(Path dir, String... args) {
    try {
      List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
