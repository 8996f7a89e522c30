package org.ttt4j.model;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ttt4j.provenance.AtomicFiles;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, an optional {@code __metadata__} map of
 * strings, then the raw little-endian data. Pure Java; tensors are read as float32.
 */
public final class Safetensors {

  /** A tensor as stored: float32 values in row-major order and its shape. */
  public record Tensor(long[] shape, float[] values) {
    public Tensor {
      long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      if (n != values.length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
      }
    }
  }

  /** A file's tensors (in file order) and metadata. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  private static final long MAX_HEADER = 100L << 20;

  private Safetensors() {}

  /**
   * Where one tensor lies in a file: dtype, shape and the byte range {@code [begin, end)} of its
   * data, relative to the end of the header.
   */
  public record Entry(String dtype, long[] shape, long begin, long end) {}

  /**
   * A file's header: its tensors' entries (in file order) and metadata, read without the tensor
   * data. Every entry has been checked against its dtype, its shape and the file's length.
   */
  public record Header(Map<String, Entry> entries, Map<String, String> metadata) {}

  /**
   * The header of a file (tensor names, dtypes, shapes and metadata), without reading the tensor
   * data: a few kilobytes, however large the weights. A truncated file is refused as {@link #read}
   * refuses it.
   */
  public static Header readHeader(Path file) {
    try (FileChannel ch = FileChannel.open(file)) {
      return header(file, ch).header();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("checkpoint " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads every tensor of a file, converting F32/F16/BF16/F64/I64/I32/I16/I8/U8/BOOL to float32. */
  public static Contents read(Path file) {
    try (FileChannel ch = FileChannel.open(file)) {
      Located h = header(file, ch);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, Entry> e : h.header().entries().entrySet()) {
        Entry t = e.getValue();
        if (t.end() - t.begin() > Integer.MAX_VALUE - 8) {
          throw bad(file, "tensor " + e.getKey() + " " + Arrays.toString(t.shape()) + " "
              + t.dtype() + " holds " + (t.end() - t.begin()) + " bytes; ttt4j reads tensors of"
              + " up to 2 GiB each");
        }
        tensors.put(e.getKey(), readTensor(ch, t, h.dataStart()));
      }
      return new Contents(tensors, h.header().metadata());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("checkpoint " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A header and where the data begin. */
  private record Located(Header header, long dataStart) {}

  private static Located header(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    ch.read(lenBuf, 0);
    int got = lenBuf.position();
    long headerLen = got == 8 ? lenBuf.flip().getLong() : -1;
    if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
      refuseOtherFormats(file, lenBuf.array(), got);      // only where no header can be read
    }
    if (size < 8) {
      throw bad(file, "is " + size + " bytes long, shorter than the 8-byte header length");
    }
    if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
      throw bad(file, "declares a header of " + headerLen + " bytes but the file has " + size
          + "; it is not a safetensors file, or it is truncated");
    }
    ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
    while (headerBuf.hasRemaining() && ch.read(headerBuf, 8 + headerBuf.position()) > 0) {
      // a channel may return fewer bytes than asked; the length check above says they exist
    }
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(new String(headerBuf.array(), StandardCharsets.UTF_8).trim());
    } catch (JsonParseException e) {
      throw bad(file, "has a header that is not valid JSON: " + e.getMessage());
    }
    if (!parsed.isJsonObject()) {
      throw bad(file, "has a header that is JSON but not an object of tensors (it is "
          + kind(parsed) + "); it is not a safetensors file");
    }
    long dataStart = 8 + headerLen;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : parsed.getAsJsonObject().entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        if (!e.getValue().isJsonObject()) {
          throw bad(file, "has __metadata__ that is " + kind(e.getValue())
              + ", not an object of strings");
        }
        // the format says string to string; a number or object written by another tool is kept
        // as its JSON text rather than refused
        e.getValue().getAsJsonObject().entrySet().forEach(m -> metadata.put(m.getKey(),
            m.getValue().isJsonPrimitive() ? m.getValue().getAsString() : m.getValue().toString()));
        continue;
      }
      entries.put(e.getKey(), entry(file, e.getKey(), e.getValue(), size - dataStart));
    }
    return new Located(new Header(entries, metadata), dataStart);
  }

  /** A PyTorch file given where a safetensors file belongs: say what it is and what to do. */
  private static void refuseOtherFormats(Path file, byte[] head, int n) {
    if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      throw new IllegalArgumentException(file + " is a zip, as torch.save writes a PyTorch .pth,"
          + " not a safetensors file; a PyTorch checkpoint is converted with `ttt4j import " + file
          + " --out model.safetensors`");
    }
    if (n >= 2 && (head[0] & 0xFF) == 0x80 && head[1] >= 2 && head[1] <= 5) {
      throw new IllegalArgumentException(file + " is a Python pickle (a legacy torch.save file?),"
          + " not a safetensors file; re-save it with a current torch.save and convert it with"
          + " `ttt4j import`");
    }
  }

  private static Entry entry(Path file, String name, JsonElement json, long dataBytes) {
    String what = "tensor " + name;
    if (!json.isJsonObject()) {
      throw bad(file, what + " is " + kind(json) + ", not {dtype, shape, data_offsets}");
    }
    JsonObject t = json.getAsJsonObject();
    String dtype = t.has("dtype") && t.get("dtype").isJsonPrimitive()
        ? t.get("dtype").getAsString() : null;
    long[] shape = longs(t.get("shape"));
    long[] off = longs(t.get("data_offsets"));
    if (dtype == null || shape == null || off == null || off.length != 2) {
      throw bad(file, what + " lacks a dtype, a shape or two data_offsets (it has " + t.keySet()
          + "); the header is corrupt");
    }
    int width = width(dtype);
    if (width == 0) {
      throw bad(file, what + " has dtype " + dtype + "; supported: " + DTYPES);
    }
    long count = 1;
    for (long d : shape) {
      if (d < 0 || (d > 0 && count > Long.MAX_VALUE / 8 / d)) {
        throw bad(file, what + " has shape " + Arrays.toString(shape) + "; the header is corrupt");
      }
      count *= d;
    }
    if (off[0] < 0 || off[1] - off[0] != count * width || off[1] > dataBytes) {
      throw bad(file, what + " " + Arrays.toString(shape) + " " + dtype + " has byte range "
          + Arrays.toString(off) + " that does not fit its shape or the file (" + dataBytes
          + " data bytes); the file is truncated or corrupt");
    }
    return new Entry(dtype, shape, off[0], off[1]);
  }

  private static final String DTYPES = "F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL";

  /** Bytes per value of a dtype; 0 for one ttt4j does not read. */
  private static int width(String dtype) {
    return switch (dtype) {
      case "F32", "I32" -> 4;
      case "F16", "BF16", "I16" -> 2;
      case "F64", "I64" -> 8;
      case "I8", "U8", "BOOL" -> 1;
      default -> 0;
    };
  }

  private static long[] longs(JsonElement json) {
    if (json == null || !json.isJsonArray()) {
      return null;
    }
    long[] out = new long[json.getAsJsonArray().size()];
    for (int i = 0; i < out.length; i++) {
      JsonElement x = json.getAsJsonArray().get(i);
      if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
        return null;
      }
      out[i] = x.getAsLong();
    }
    return out;
  }

  private static String kind(JsonElement json) {
    return json.isJsonNull() ? "null" : json.isJsonArray() ? "an array"
        : json.isJsonObject() ? "an object" : "a single value (" + json + ")";
  }

  private static Tensor readTensor(FileChannel ch, Entry e, long dataStart) throws IOException {
    int bytes = (int) (e.end() - e.begin());
    ByteBuffer buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining() && ch.read(buf, dataStart + e.begin() + buf.position()) > 0) {
      // FileChannel may read less than asked; the header check guarantees the bytes exist
    }
    buf.flip();
    float[] v = new float[bytes / width(e.dtype())];
    for (int i = 0; i < v.length; i++) {
      v[i] = switch (e.dtype()) {
        case "F32" -> buf.getFloat();
        case "F16" -> halfToFloat(buf.getShort());
        case "BF16" -> Float.intBitsToFloat((buf.getShort() & 0xFFFF) << 16);
        case "F64" -> (float) buf.getDouble();
        case "I64" -> (float) buf.getLong();
        case "I32" -> (float) buf.getInt();
        case "I16" -> (float) buf.getShort();
        case "I8" -> (float) buf.get();
        default -> (float) (buf.get() & 0xFF);                  // U8, BOOL
      };
    }
    return new Tensor(e.shape(), v);
  }

  /** Writes float32 tensors and string metadata, atomically (temp file + rename). */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    JsonObject header = new JsonObject();
    JsonObject meta = new JsonObject();
    new java.util.TreeMap<>(metadata).forEach(meta::addProperty);   // the same bytes every time
    header.add("__metadata__", meta);
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      JsonObject t = new JsonObject();
      t.addProperty("dtype", "F32");
      t.add("shape", new Gson().toJsonTree(e.getValue().shape()));
      long len = 4L * e.getValue().values().length;
      t.add("data_offsets", new Gson().toJsonTree(new long[] {offset, offset + len}));
      header.add(e.getKey(), t);
      offset += len;
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    AtomicFiles.write(file, out -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      out.write(len.array());
      out.write(headerBytes);
      for (Tensor t : tensors.values()) {
        ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(t.values());
        out.write(b.array());
      }
    });
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat arrives only in Java 20). */
  public static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));   // inf / NaN
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;                                       // subnormal or zero
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static IllegalArgumentException bad(Path file, String what) {
    return new IllegalArgumentException("safetensors file " + file + " " + what);
  }
}
