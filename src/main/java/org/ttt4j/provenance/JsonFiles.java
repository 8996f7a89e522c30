package org.ttt4j.provenance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Records to and from pretty-printed JSON files (Gson), written atomically. */
public final class JsonFiles {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
      .serializeSpecialFloatingPointValues().create();

  private JsonFiles() {}

  /** Writes {@code value} as JSON to {@code file} (temp file + rename). */
  public static void write(Path file, Object value) {
    AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
  }

  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping()
      .serializeSpecialFloatingPointValues().create();

  /** {@code value} as one line of JSON (for JSON Lines files). */
  public static String toCompactJson(Object value) {
    return COMPACT.toJson(value);
  }

  /** Parses one line of JSON as {@code type}. */
  public static <T> T fromJson(String json, Class<T> type) {
    return COMPACT.fromJson(json, type);
  }

  /** The JSON text of {@code value}. */
  public static String toJson(Object value) {
    return GSON.toJson(value);
  }

  /**
   * Reads {@code file} as {@code type}; empty when it does not exist. A file that is not valid JSON
   * of that shape is an error naming the file.
   */
  public static <T> Optional<T> read(Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(GSON.fromJson(Files.readString(file), type));
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + ": not a valid " + type.getSimpleName() + " JSON ("
          + e.getMessage() + "); delete it to start over", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
