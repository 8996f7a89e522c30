package org.ttt4j.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.train.TrainConfig;

/** A manifest keeps its numbers as its configs' records wrote them, through every rewrite. */
class RunManifestTest {

  @TempDir Path dir;

  /** A config as a run records it: integer and real fields, one of them integral in value. */
  record Recipe(int imageSize, long seed, double epochs, double maeWeight, double baseLr) {}

  private static RunManifest started() {
    Map<String, Object> configs = new LinkedHashMap<>();
    configs.put("train", new Recipe(28, 7, 1.5, 2.0, 3e-4));
    configs.put("init", "fresh");
    return RunManifest.start(List.of("ttt4j", "train"), configs, 2, Map.of("source", "test"));
  }

  /** The lines a manifest written from {@link #started} holds, whatever rewrote it. */
  private static void assertTypedNumbers(String json) {
    for (String line : List.of("\"imageSize\": 28,", "\"seed\": 7,", "\"epochs\": 1.5,",
        "\"maeWeight\": 2.0,", "\"baseLr\": 3.0E-4", "\"steps\": 643")) {
      assertTrue(json.contains(line), line + " in " + json);
    }
    // as values: a timestamp such as "17:10:28.068Z" holds "28.0" too
    assertFalse(json.contains(": 28.0") || json.contains(": 643.0"), json);
  }

  @Test
  void aManifestReadAndWrittenAgainKeepsIntegersAsIntegersAndRealsAsReals() throws IOException {
    // was "imageSize": 28.0, "seed": 2.0, "steps": 643.0 once a resume had read it and written it
    Path file = dir.resolve("manifest.json");
    started().write(file);
    RunManifest read = JsonFiles.read(file, RunManifest.class).orElseThrow();
    read.resumedBy(List.of("ttt4j", "train", "--resume"), 100).finish(Map.of("steps", 643))
        .write(file);
    assertTypedNumbers(Files.readString(file));
    RunManifest again = JsonFiles.read(file, RunManifest.class).orElseThrow();
    again.withMetrics(Map.of("note", "x")).write(file);
    assertTypedNumbers(Files.readString(file));
  }

  @Test
  void aManifestRebuiltFromCheckpointMetadataKeepsIntegersToo() throws IOException {
    Path file = dir.resolve("manifest.json");
    RunManifest.fromMetadata(started().asMetadata()).finish(Map.of("steps", 643)).write(file);
    assertTypedNumbers(Files.readString(file));
  }

  /** Manifests written before integers kept their form (in users' run folders) still read. */
  @Test
  void anOlderManifestWithIntegersWrittenAsDoublesStillReads() throws IOException {
    Path shipped = Path.of("models/fmnist-tiny-linear/manifest.json");   // shipped until 27 Nov
    assertTrue(Files.readString(shipped).contains("\"imageSize\": 28.0"), "the old form");
    RunManifest m = JsonFiles.read(shipped, RunManifest.class).orElseThrow();
    MaeConfig model = JsonFiles.fromJson(JsonFiles.toCompactJson(m.configs().get("model")),
        MaeConfig.class);
    assertEquals(28, model.imageSize());
    assertEquals(10, model.numClasses());
    TrainConfig train = JsonFiles.fromJson(JsonFiles.toCompactJson(m.configs().get("train")),
        TrainConfig.class);
    assertEquals(128, train.batchSize());
    assertEquals(2L, train.seed());
    assertEquals(1.5, train.epochs());
    assertEquals(10000.0, ((Number) m.metrics().get("test_images")).doubleValue());
    assertEquals(643.0, ((Number) m.metrics().get("steps")).doubleValue());

    // written again, it says what it said: the reader cannot tell which 28.0 was an int
    Path copy = dir.resolve("manifest.json");
    m.write(copy);
    String json = Files.readString(copy);
    assertTrue(json.contains("\"imageSize\": 28.0,") && json.contains("\"test_images\": 10000,")
        && json.contains("\"epochs\": 1.5,"), json);
    // and compares by value with the same settings written as integers
    Map<String, Object> asIntegers = new LinkedHashMap<>(m.configs());
    asIntegers.put("model", model);
    assertEquals(JsonFiles.fromJson(JsonFiles.toCompactJson(m.configs()), Map.class),
        JsonFiles.fromJson(JsonFiles.toCompactJson(asIntegers), Map.class));
  }
}
