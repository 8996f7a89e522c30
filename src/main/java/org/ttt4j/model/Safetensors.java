package org.ttt4j.model;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
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

  /** Reads every tensor of a file, converting F32/F16/BF16/F64/I64/I32 to float32. */
  public static Contents read(Path file) {
    try (FileChannel ch = FileChannel.open(file)) {
      long size = ch.size();
      if (size < 8) {
        throw bad(file, "is " + size + " bytes long, shorter than the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
        throw bad(file, "declares a header of " + headerLen + " bytes but the file has " + size
            + "; it is not a safetensors file, or it is truncated");
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
      ch.read(headerBuf, 8);
      JsonObject header;
      try {
        header = new Gson().fromJson(
            new String(headerBuf.array(), StandardCharsets.UTF_8).trim(), JsonObject.class);
      } catch (JsonParseException e) {
        throw bad(file, "has a header that is not valid JSON: " + e.getMessage());
      }
      long dataStart = 8 + headerLen;
      Map<String, String> metadata = new LinkedHashMap<>();
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> e : header.entrySet()) {
        if (e.getKey().equals("__metadata__")) {
          e.getValue().getAsJsonObject().entrySet()
              .forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
          continue;
        }
        tensors.put(e.getKey(), readTensor(file, ch, e.getKey(), e.getValue().getAsJsonObject(),
            dataStart, size));
      }
      return new Contents(tensors, metadata);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("checkpoint " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Tensor readTensor(Path file, FileChannel ch, String name, JsonObject t,
      long dataStart, long size) throws IOException {
    String dtype = t.get("dtype").getAsString();
    long[] shape = new Gson().fromJson(t.get("shape"), long[].class);
    long[] off = new Gson().fromJson(t.get("data_offsets"), long[].class);
    int width = switch (dtype) {
      case "F32", "I32" -> 4;
      case "F16", "BF16" -> 2;
      case "F64", "I64" -> 8;
      default -> throw bad(file, "tensor " + name + " has dtype " + dtype
          + "; supported: F32, F16, BF16, F64, I64, I32");
    };
    long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    if (off.length != 2 || off[1] - off[0] != count * width || dataStart + off[1] > size) {
      throw bad(file, "tensor " + name + " " + Arrays.toString(shape) + " " + dtype
          + " has byte range " + Arrays.toString(off) + " that does not fit its shape or the file"
          + " (" + (size - dataStart) + " data bytes); the file is truncated or corrupt");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) (count * width)).order(ByteOrder.LITTLE_ENDIAN);
    ch.read(buf, dataStart + off[0]);
    buf.flip();
    float[] v = new float[(int) count];
    for (int i = 0; i < v.length; i++) {
      v[i] = switch (dtype) {
        case "F32" -> buf.getFloat();
        case "F16" -> halfToFloat(buf.getShort());
        case "BF16" -> Float.intBitsToFloat((buf.getShort() & 0xFFFF) << 16);
        case "F64" -> (float) buf.getDouble();
        case "I64" -> (float) buf.getLong();
        default -> (float) buf.getInt();
      };
    }
    return new Tensor(shape, v);
  }

  /** Writes float32 tensors and string metadata, atomically (temp file + rename). */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    JsonObject header = new JsonObject();
    JsonObject meta = new JsonObject();
    metadata.forEach(meta::addProperty);
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
