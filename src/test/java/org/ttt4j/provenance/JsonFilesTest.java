package org.ttt4j.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every JSON file ttt4j writes is strict JSON, NaN included, and older files still read. */
class JsonFilesTest {

  @TempDir Path dir;

  record Losses(double mae, double[] perStep, float probability, Double optional) {}

  /** Parses {@code json} as a strict parser would (Python's json with strict constants, JSON.parse). */
  static JsonElement parseStrictly(String json) throws IOException {
    JsonReader reader = new JsonReader(new StringReader(json));
    reader.setStrictness(Strictness.STRICT);
    JsonElement root = new Gson().getAdapter(JsonElement.class).read(reader);
    assertEquals(JsonToken.END_DOCUMENT, reader.peek(), "one JSON value");
    return root;
  }

  @Test
  void nonFiniteNumbersAreWrittenAsNullSoStrictParsersAcceptTheFile() throws IOException {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("final_mae_loss", 0.25);
    metrics.put("final_class_loss", Double.NaN);      // train mae computes no class loss
    metrics.put("rate", Double.POSITIVE_INFINITY);
    Path file = dir.resolve("manifest.json");
    JsonFiles.write(file, metrics);
    JsonElement back = parseStrictly(Files.readString(file));
    assertTrue(back.getAsJsonObject().get("final_class_loss").isJsonNull(), "the key is kept");
    assertEquals(0.25, back.getAsJsonObject().get("final_mae_loss").getAsDouble());

    Losses losses = new Losses(Double.NaN, new double[] {1.5, Double.NaN}, Float.NaN, null);
    String line = JsonFiles.toCompactJson(losses);           // a records.jsonl line
    parseStrictly(line);
    assertEquals("{\"mae\":null,\"perStep\":[1.5,null],\"probability\":null}", line);
    Losses read = JsonFiles.fromJson(line, Losses.class);
    assertTrue(Double.isNaN(read.mae()) && Double.isNaN(read.perStep()[1])
        && Float.isNaN(read.probability()), "null reads back as NaN where a number is needed");
    assertEquals(1.5, read.perStep()[0]);
    assertNull(read.optional());
  }

  @Test
  void aFileWrittenWithABareNaNStillReads() throws IOException {
    Path old = dir.resolve("old.json");
    Files.writeString(old, "{\"mae\": NaN, \"perStep\": [NaN, 2.0], \"probability\": 0.5}");
    Losses read = JsonFiles.read(old, Losses.class).orElseThrow();
    assertTrue(Double.isNaN(read.mae()) && Double.isNaN(read.perStep()[0]));
    assertEquals(0.5f, read.probability());
  }

  /** The manifests shipped beside the models and the results are strict JSON too. */
  @Test
  void theShippedJsonFilesAreStrictJson() throws IOException {
    List<Path> files;
    try (Stream<Path> all = Stream.concat(Files.walk(Path.of("models")),
        Files.walk(Path.of("docs")))) {
      files = all.filter(p -> p.toString().endsWith(".json")).toList();
    }
    assertTrue(files.size() >= 4, "found " + files);
    for (Path f : files) {
      try {
        parseStrictly(Files.readString(f));
      } catch (IOException e) {
        throw new AssertionError(f + ": " + e.getMessage(), e);
      }
    }
  }
}
