package org.ttt4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ttt4j.provenance.AtomicFiles;

/**
 * NumPy {@code .npy} files (format 1.0-3.0, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html)
 * as CIFAR-10-C and Tiny-ImageNet-C ship them: C-order uint8 images [N, H, W, C] and integer
 * labels [N] (int64 there; any integer type here). The header dictionary is parsed here; other
 * dtypes and Fortran order are rejected.
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /**
   * The element types we read (uint8 images; labels of any integer type, as NumPy saves a Python
   * list (int64), a torch tensor's {@code .numpy()} or an int32 array) and write (uint8, int64).
   * Big-endian files ({@code '>i4'}) are read too.
   */
  public enum DType {
    UINT8("|u1", 1), INT8("|i1", 1), INT16("<i2", 2), UINT16("<u2", 2), INT32("<i4", 4),
    UINT32("<u4", 4), INT64("<i8", 8), UINT64("<u8", 8);

    private final String descr;
    private final int bytes;

    DType(String descr, int bytes) {
      this.descr = descr;
      this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }

    static DType parse(Path file, String descr) {
      // '|', '<', '=' (native, little-endian on every machine NumPy runs on here) or '>' order
      String type = descr.length() == 3 && "|<=>".indexOf(descr.charAt(0)) >= 0
          ? descr.substring(1) : descr;
      for (DType t : values()) {
        if (t.descr.substring(1).equals(type)) {
          return t;
        }
      }
      throw new MalformedDataException(file, "dtype '" + descr + "' is not supported (only"
          + " uint8 '|u1' images, and integer labels)", "convert it in NumPy, e.g."
          + " np.save(path, x.astype(np.uint8)) for images in 0..255, or"
          + " np.save(path, y.astype(np.int64)) for labels");
    }
  }

  /** A memory-mapped array: dtype, shape (C order) and the data starting at position 0. */
  public record Array(Path file, DType dtype, int[] shape, ByteBuffer data) {
    /** Length of the first axis. */
    public int count() {
      return shape.length == 0 ? 1 : shape[0];
    }

    /** Element {@code i} of a 1-D integer array, as a long (a uint64 above 2^63 is negative). */
    public long getLong(int i) {
      return switch (dtype) {
        case UINT8 -> data.get(i) & 0xFF;
        case INT8 -> data.get(i);
        case INT16 -> data.getShort(i * 2);
        case UINT16 -> data.getShort(i * 2) & 0xFFFF;
        case INT32 -> data.getInt(i * 4);
        case UINT32 -> data.getInt(i * 4) & 0xFFFFFFFFL;
        case INT64, UINT64 -> data.getLong(i * 8);
      };
    }
  }

  private Npy() {}

  /** Maps {@code file} read-only and parses its header. */
  public static Array read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new MalformedDataException(file, "is " + size + " bytes; arrays over 2 GiB are not"
            + " supported", "split it along the first axis into several files");
      }
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      return parse(file, map);
    } catch (NoSuchFileException e) {
      throw new MalformedDataException(file, "file not found", "check the path");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Array parse(Path file, ByteBuffer map) {
    map.order(ByteOrder.LITTLE_ENDIAN);
    String fix = "save it with numpy.save";
    if (map.limit() < 10) {
      throw new MalformedDataException(file, "too short for a .npy header", fix);
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (map.get(i) != MAGIC[i]) {
        throw new MalformedDataException(file, "does not start with the .npy magic \\x93NUMPY", fix);
      }
    }
    int major = map.get(6);
    int headerLen = major == 1 ? map.getShort(8) & 0xFFFF : map.getInt(8);
    int start = major == 1 ? 10 : 12;
    if (headerLen < 0 || start + headerLen > map.limit()) {
      throw new MalformedDataException(file, "header length " + headerLen + " runs past the end", fix);
    }
    byte[] hb = new byte[headerLen];
    map.get(start, hb);
    String header = new String(hb, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new MalformedDataException(file, "header '" + header.trim() + "' lacks descr,"
          + " fortran_order or shape", fix);
    }
    DType dtype = DType.parse(file, d.group(1));
    if (f.group(1).equals("True")) {
      throw new MalformedDataException(file, "array is in Fortran (column-major) order",
          "save a C-order copy: np.save(path, np.ascontiguousarray(x))");
    }
    String[] parts = s.group(1).split(",");
    int[] shape = java.util.Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty())
        .mapToInt(Integer::parseInt).toArray();
    long elements = 1;
    for (int n : shape) {
      elements *= n;
    }
    int offset = start + headerLen;
    long actual = map.limit() - (long) offset;
    if (actual != elements * dtype.bytes()) {
      throw new MalformedDataException(file, "header says shape " + Idx.shape(shape) + " of "
          + dtype.descr + " = " + elements * dtype.bytes() + " bytes but the file holds " + actual,
          "the file is truncated; write it again");
    }
    ByteBuffer data = map.slice(offset, (int) actual).order(d.group(1).startsWith(">")
        ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    return new Array(file, dtype, shape, data);
  }

  /** Writes {@code count} images (all H x W x C) as one uint8 [N, H, W, C] array, atomically. */
  public static void writeImages(Path file, int count, int height, int width, int channels,
      Idx.ImageSource images) {
    AtomicFiles.write(file, out -> {
      out.write(header(DType.UINT8, new int[] {count, height, width, channels}));
      for (int i = 0; i < count; i++) {
        Image im = images.image(i);
        if (im.height() != height || im.width() != width || im.channels() != channels) {
          throw new IllegalArgumentException("a .npy stack holds " + height + "x" + width + "x"
              + channels + " images, but image " + i + " is " + im.height() + "x" + im.width()
              + "x" + im.channels() + "; resize first or use --format png");
        }
        out.write(im.pixels());
      }
    });
  }

  /** Writes labels as an int64 [N] array (the CIFAR-10-C {@code labels.npy} layout), atomically. */
  public static void writeLabels(Path file, int[] labels) {
    AtomicFiles.write(file, out -> {
      out.write(header(DType.INT64, new int[] {labels.length}));
      ByteBuffer b = ByteBuffer.allocate(labels.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (int v : labels) {
        b.putLong(v);
      }
      out.write(b.array());
    });
  }

  /** Magic, version 1.0, and a header dict padded with spaces so the data start at a multiple of 64. */
  private static byte[] header(DType dtype, int[] shape) {
    StringBuilder s = new StringBuilder("{'descr': '").append(dtype.descr)
        .append("', 'fortran_order': False, 'shape': (");
    for (int n : shape) {
      s.append(n).append(", ");
    }
    // numpy writes (3,) for 1-D and (2, 3) otherwise
    s.setLength(s.length() - (shape.length > 1 ? 2 : 1));
    s.append("), }");
    int total = 10 + s.length() + 1;
    s.append(" ".repeat((64 - total % 64) % 64)).append('\n');
    byte[] dict = s.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + dict.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) dict.length).put(dict);
    return b.array();
  }
}
