package org.ttt4j.provenance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Records to and from pretty-printed JSON files (Gson), written atomically. Strict JSON has no NaN
 * or infinity, so a non-finite number is written as {@code null}; a {@code null} reads back as NaN
 * where a primitive double or float needs a value, and files written before (with a bare
 * {@code NaN}) still read.
 *
 * <p>A number where the type says nothing of its kind (a value of a {@code Map<String, Object>},
 * such as a manifest's configs and metrics) is read from a file as a {@code Long} when it is
 * written as an integer and as a {@code Double} otherwise, so that a file read and written again
 * keeps its numbers: a record's int field stays {@code 28} (it was written as {@code 28.0} again,
 * all numbers being read as doubles), a double field of value 2 stays {@code 2.0}, and a file
 * that holds {@code 28.0} keeps that. {@link #fromJson} reads every such number as a double, so
 * that values parsed there compare by value.
 */
public final class JsonFiles {

  private static final Gson GSON = builder().setPrettyPrinting()
      .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();
  private static final Gson COMPACT = builder().create();
  private static final Gson TREE = builder().setPrettyPrinting().serializeNulls().create();

  private JsonFiles() {}

  private static GsonBuilder builder() {
    return new GsonBuilder().disableHtmlEscaping()
        .registerTypeAdapter(double.class, new FiniteOrNull(true, false))
        .registerTypeAdapter(Double.class, new FiniteOrNull(false, false))
        .registerTypeAdapter(float.class, new FiniteOrNull(true, true))
        .registerTypeAdapter(Float.class, new FiniteOrNull(false, true));
  }

  /** Writes {@code value} as JSON to {@code file} (temp file + rename). */
  public static void write(Path file, Object value) {
    AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
  }

  /**
   * Writes a JSON tree (as {@link #readObject} gives it, edited) to {@code file}, every member
   * kept: a {@code null} (a NaN written before) keeps its key.
   */
  public static void write(Path file, JsonElement tree) {
    AtomicFiles.writeString(file, TREE.toJson(tree) + "\n");
  }

  /** {@code value} as one line of JSON (for JSON Lines files). */
  public static String toCompactJson(Object value) {
    return COMPACT.toJson(value);
  }

  /**
   * Parses one line of JSON as {@code type}. A number where the type says nothing of its kind is a
   * {@code Double}, so that two values parsed here compare by value ({@code 28} and {@code 28.0}
   * alike, as written by ttt4j versions before and after integers kept their form).
   */
  public static <T> T fromJson(String json, Class<T> type) {
    return COMPACT.fromJson(json, type);
  }

  /**
   * {@code value} as its JSON reads back (maps, lists, strings, booleans, numbers), where a whole
   * number is a {@code Long}: settings recorded by any ttt4j compare by value ({@code 28} and the
   * {@code 28.0} of older manifests are one setting) and print as they were given ({@code 28}).
   */
  public static Object asJsonValue(Object value) {
    return wholeNumbersAsLong(fromJson(toCompactJson(value), Object.class));
  }

  /**
   * "key: A in aName, B in bName" for every leaf where the JSON values {@code a} and {@code b}
   * differ ({@link #asJsonValue}: a whole number prints as an integer, and {@code 8} equals an
   * old manifest's {@code 8.0}); maps are walked key by key, their keys joined by dots after
   * {@code path} ("ttt.optimizer.lr"), other values compared whole. Empty when they are the same.
   */
  public static List<String> differences(String path, Object a, Object b, String aName,
      String bName) {
    List<String> out = new ArrayList<>();
    differences(path, asJsonValue(a), asJsonValue(b), aName, bName, out);
    return out;
  }

  private static void differences(String path, Object a, Object b, String aName, String bName,
      List<String> out) {
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      Set<Object> keys = new LinkedHashSet<>(x.keySet());
      keys.addAll(y.keySet());
      for (Object key : keys) {
        differences(path.isEmpty() ? String.valueOf(key) : path + "." + key, x.get(key),
            y.get(key), aName, bName, out);
      }
    } else if (!Objects.equals(a, b)) {
      out.add(path + ": " + toCompactJson(a) + " " + aName + ", " + toCompactJson(b) + " "
          + bName);
    }
  }

  private static Object wholeNumbersAsLong(Object json) {
    if (json instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, wholeNumbersAsLong(v)));
      return out;
    } else if (json instanceof List<?> list) {
      return list.stream().map(JsonFiles::wholeNumbersAsLong).toList();
    } else if (json instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return d.longValue();             // beyond 1e15 a double stops being exact anyway
    }
    return json;
  }

  /**
   * Parses JSON as {@link #read} parses a file: a number where the type says nothing of its kind
   * is a {@code Long} when written as an integer, else a {@code Double}, so that it is written
   * again as it was.
   */
  public static <T> T fromJsonKeepingIntegers(String json, Class<T> type) {
    return GSON.fromJson(json, type);
  }

  /** The JSON text of {@code value}. */
  public static String toJson(Object value) {
    return GSON.toJson(value);
  }

  /** {@code value} as a JSON tree, numbers as {@link #write} writes them. */
  public static JsonElement toJsonTree(Object value) {
    return GSON.toJsonTree(value);
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

  /**
   * Reads {@code file} as a JSON object tree, every number kept as written (an integer stays an
   * integer, a 64-bit seed keeps its digits), to edit it in place and {@link #write} it back.
   */
  public static JsonObject readObject(Path file) {
    try {
      JsonElement root = JsonParser.parseString(Files.readString(file));
      if (!root.isJsonObject()) {
        throw new IllegalArgumentException(file + " holds no JSON object");
      }
      return root.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A double or float, written as {@code null} when NaN or infinite. */
  private static final class FiniteOrNull extends TypeAdapter<Number> {

    private final boolean primitive;   // a primitive needs a value: null reads as NaN
    private final boolean single;      // float, not double

    FiniteOrNull(boolean primitive, boolean single) {
      this.primitive = primitive;
      this.single = single;
    }

    @Override
    public void write(JsonWriter out, Number value) throws IOException {
      if (value != null && Double.isFinite(value.doubleValue())) {
        out.value(value);
        return;
      }
      boolean serializeNulls = out.getSerializeNulls();
      out.setSerializeNulls(value != null || serializeNulls);  // keep the key of a NaN
      out.nullValue();
      out.setSerializeNulls(serializeNulls);
    }

    @Override
    public Number read(JsonReader in) throws IOException {
      if (in.peek() == JsonToken.NULL) {
        in.nextNull();
        return !primitive ? null : single ? (Number) Float.NaN : (Number) Double.NaN;
      }
      double d = in.nextDouble();    // also a bare NaN of an older file (Gson reads leniently)
      return single ? (Number) (float) d : (Number) d;
    }
  }
}
