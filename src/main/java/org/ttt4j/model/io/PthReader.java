package org.ttt4j.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.ttt4j.model.Safetensors;

/**
 * Reads a PyTorch checkpoint in the zip format of {@code torch.save} (torch ≥ 1.6): the pickle
 * {@code <archive>/data.pkl} describes the object, and each storage it references by persistent
 * id is the raw little-endian entry {@code <archive>/data/<key>}. The pickle goes through the
 * allow-listed {@link Unpickler}; tensors come back as float32 {@link Safetensors.Tensor}s with
 * their storage offset and strides applied.
 */
final class PthReader {

  private PthReader() {}

  /** Bytes per element of each storage type. */
  private static int width(String storageType) {
    return switch (storageType) {
      case "torch.FloatStorage", "torch.IntStorage" -> 4;
      case "torch.HalfStorage", "torch.BFloat16Storage", "torch.ShortStorage" -> 2;
      case "torch.DoubleStorage", "torch.LongStorage" -> 8;
      case "torch.ByteStorage", "torch.CharStorage", "torch.BoolStorage" -> 1;
      default -> throw new IllegalStateException("no width for " + storageType);
    };
  }

  /** The object a {@code .pth} file holds, with every tensor read as float32. */
  static Object read(Path file) {
    checkFormat(file);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry pkl = dataPkl(zip, file);
      String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
      byte[] pickle = entryBytes(zip, pkl, file);
      Object root = Unpickler.load(pickle, file + " (" + pkl.getName() + ")", PthReader::storage);
      return materialise(root, zip, prefix, file);
    } catch (ZipException e) {
      throw new IllegalArgumentException(file + " is not a readable zip (" + e.getMessage()
          + "); the file is truncated or corrupt; copy or download it again", e);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("checkpoint " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether the first {@code n} bytes {@code head} of a file start a zip ({@code PK\3\4}). */
  static boolean isZip(byte[] head, int n) {
    return n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
  }

  /**
   * The first {@code max} bytes of a checkpoint file (fewer when it is shorter), to tell its
   * format; a missing file is named as such.
   */
  static byte[] firstBytes(Path file, int max) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(max);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("checkpoint " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Refuses files that are not torch.save zips, naming what they are where it can tell. */
  private static void checkFormat(Path file) {
    byte[] head = firstBytes(file, 512);
    int n = head.length;
    if (isZip(head, n)) {
      return;
    }
    boolean tar = n >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII)
        .equals("ustar");
    if (tar || (n >= 2 && (head[0] & 0xFF) == 0x80)) {
      throw new IllegalArgumentException(file + " is in the legacy (pre-1.6, non-zip) torch.save"
          + " format, which ttt4j does not read; re-save it with a current torch.save: "
          + "torch.save(torch.load(f, map_location='cpu'), 'new.pth')");
    }
    throw new IllegalArgumentException(file + " is not a torch.save checkpoint (no zip"
        + " signature); expected a .pth written by torch.save, or a .safetensors file");
  }

  private static ZipEntry dataPkl(ZipFile zip, Path file) {
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      if (e.getName().endsWith("data.pkl") && e.getName().indexOf('/') == e.getName().length()
          - "/data.pkl".length()) {
        return e;
      }
    }
    throw new IllegalArgumentException(file + " is a zip but has no <archive>/data.pkl; it is not"
        + " a torch.save checkpoint (TorchScript archives are not supported either)");
  }

  private static Object storage(Unpickler.Tuple pid) {
    List<Object> a = pid.items();
    if (a.size() != 5 || !"storage".equals(a.get(0)) || !(a.get(1) instanceof Unpickler.Global g)
        || !g.name().endsWith("Storage") || !(a.get(2) instanceof String key)
        || !(a.get(4) instanceof Long numel)) {
      throw new IllegalArgumentException("unsupported persistent id " + a + "; expected"
          + " ('storage', <dtype>Storage, key, location, numel) as torch.save writes");
    }
    return new Unpickler.StorageRef(g.name(), key, numel);
  }

  /** Copies the object graph with every tensor reference replaced by its values. */
  private static Object materialise(Object o, ZipFile zip, String prefix, Path file)
      throws IOException {
    if (o instanceof Unpickler.TensorRef t) {
      return tensor(t, zip, prefix, file);
    }
    if (o instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(e.getKey(), materialise(e.getValue(), zip, prefix, file));
      }
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object x : l) {
        out.add(materialise(x, zip, prefix, file));
      }
      return out;
    }
    return o;
  }

  private static Safetensors.Tensor tensor(Unpickler.TensorRef t, ZipFile zip, String prefix,
      Path file) throws IOException {
    Unpickler.StorageRef s = t.storage();
    String name = prefix + "data/" + s.key();
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new IllegalArgumentException(file + " references storage " + name + " that the zip"
          + " does not contain; the checkpoint is incomplete");
    }
    int width = width(s.type());
    byte[] bytes = entryBytes(zip, entry, file);
    long count = Arrays.stream(t.size()).reduce(1, (a, b) -> a * b);
    long last = t.offset();
    for (int d = 0; d < t.size().length; d++) {
      last += (t.size()[d] - 1) * t.stride()[d];
    }
    if (bytes.length != s.numel() * width || (count > 0 && (t.offset() < 0 || last >= s.numel()))) {
      throw new IllegalArgumentException(file + ": storage " + name + " (" + s.type() + ") holds "
          + bytes.length + " bytes for " + s.numel() + " elements, and a tensor "
          + Arrays.toString(t.size()) + " at offset " + t.offset() + " with strides "
          + Arrays.toString(t.stride()) + " reads up to element " + last
          + "; the storage is shorter than its tensor: the checkpoint is truncated or corrupt");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[Math.toIntExact(count)];
    int[] index = new int[t.size().length];
    for (int i = 0; i < v.length; i++) {
      long at = t.offset();
      for (int d = 0; d < index.length; d++) {
        at += index[d] * t.stride()[d];
      }
      v[i] = element(buf, s.type(), (int) (at * width));
      for (int d = index.length - 1; d >= 0; d--) {     // row-major increment
        if (++index[d] < t.size()[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return new Safetensors.Tensor(t.size(), v);
  }

  private static float element(ByteBuffer b, String type, int at) {
    return switch (type) {
      case "torch.FloatStorage" -> b.getFloat(at);
      case "torch.HalfStorage" -> Safetensors.halfToFloat(b.getShort(at));
      case "torch.BFloat16Storage" -> Float.intBitsToFloat((b.getShort(at) & 0xFFFF) << 16);
      case "torch.DoubleStorage" -> (float) b.getDouble(at);
      case "torch.LongStorage" -> (float) b.getLong(at);
      case "torch.IntStorage" -> (float) b.getInt(at);
      case "torch.ShortStorage" -> (float) b.getShort(at);
      case "torch.CharStorage" -> (float) b.get(at);
      default -> (float) (b.get(at) & 0xFF);                     // Byte, Bool
    };
  }

  private static byte[] entryBytes(ZipFile zip, ZipEntry e, Path file) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    } catch (ZipException | java.io.EOFException ex) {
      throw new IllegalArgumentException(file + ": entry " + e.getName() + " cannot be read ("
          + ex.getMessage() + "); the checkpoint is truncated or corrupt", ex);
    }
  }
}
