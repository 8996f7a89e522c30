package org.ttt4j.data;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.ttt4j.provenance.AtomicFiles;

/**
 * The IDX file format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a big-endian
 * header {@code 0x00 0x00 type dims}, one int32 per dimension, then the raw values. Only unsigned
 * bytes (type 0x08) are used: labels are {@code 0x00000801} [N], images {@code 0x00000803} [N, H,
 * W]. Files may be gzip-compressed (recognised by content, whatever the name).
 */
public final class Idx {

  /** Magic number of a label file: ubyte, one dimension. */
  public static final int LABELS_MAGIC = 0x00000801;
  /** Magic number of an image file: ubyte, three dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** A parsed IDX file: its dimensions and the values after the header (shared, not copied). */
  public record Tensor(Path file, int[] dims, byte[] data, int offset) {
    /** Number of records along the first dimension. */
    public int count() {
      return dims[0];
    }
  }

  private Idx() {}

  /** Reads and checks an IDX file whose magic must be {@code expectedMagic}. */
  public static Tensor read(Path file, int expectedMagic) {
    byte[] bytes = readMaybeGzip(file);
    if (bytes.length < 4) {
      throw new MalformedDataException(file, "only " + bytes.length + " bytes, too short for an"
          + " IDX header", "the file is empty or truncated; download it again");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes); // IDX is big-endian, ByteBuffer's default
    int magic = buf.getInt();
    if (magic != expectedMagic) {
      throw new MalformedDataException(file, String.format("IDX magic is 0x%08x, expected 0x%08x (%s)",
          magic, expectedMagic, expectedMagic == IMAGES_MAGIC ? "ubyte images [N,H,W]" : "ubyte labels [N]"),
          "check that images and labels were not swapped and that this is an IDX file");
    }
    int rank = expectedMagic & 0xFF;
    if (bytes.length < 4 + 4 * rank) {
      throw new MalformedDataException(file, "header needs " + (4 + 4 * rank) + " bytes but the file has "
          + bytes.length, "the file is truncated; download it again");
    }
    int[] dims = new int[rank];
    long expected = 1;
    for (int d = 0; d < rank; d++) {
      dims[d] = buf.getInt();
      if (dims[d] < 0) {
        throw new MalformedDataException(file, "dimension " + d + " is negative (" + dims[d] + ")",
            "the header is corrupt; download the file again");
      }
      expected *= dims[d];
    }
    int headerBytes = 4 + 4 * rank;
    long actual = bytes.length - (long) headerBytes;
    if (actual != expected) {
      throw new MalformedDataException(file, "header says " + shape(dims) + " = " + expected
          + " bytes of data but the file holds " + actual, "the file is truncated or has trailing"
          + " data; download it again");
    }
    return new Tensor(file, dims, bytes, headerBytes);
  }

  /** Writes images (all the same H x W, grey) as a gzip IDX file, atomically. */
  public static void writeImages(Path file, int count, int height, int width, ImageSource images) {
    AtomicFiles.write(file, raw -> {
      try (GZIPOutputStream out = new GZIPOutputStream(nonClosing(raw), 1 << 16)) {
        out.write(header(IMAGES_MAGIC, count, height, width));
        for (int i = 0; i < count; i++) {
          Image im = images.image(i);
          if (im.height() != height || im.width() != width || im.channels() != 1) {
            throw new IllegalArgumentException("IDX holds grey " + height + "x" + width
                + " images, but image " + i + " is " + im.height() + "x" + im.width() + "x"
                + im.channels() + "; use --format npy or png for colour or mixed sizes");
          }
          out.write(im.pixels());
        }
      }
    });
  }

  /** Writes labels (0..255) as a gzip IDX file, atomically. */
  public static void writeLabels(Path file, int[] labels) {
    AtomicFiles.write(file, raw -> {
      try (GZIPOutputStream out = new GZIPOutputStream(nonClosing(raw), 1 << 16)) {
        out.write(header(LABELS_MAGIC, labels.length));
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
          if (labels[i] < 0 || labels[i] > 255) {
            throw new IllegalArgumentException("IDX labels are bytes, label " + i + " is " + labels[i]);
          }
          b[i] = (byte) labels[i];
        }
        out.write(b);
      }
    });
  }

  /** Supplies image {@code i} to a writer (lets callers stream without holding all images). */
  @FunctionalInterface
  public interface ImageSource {
    Image image(int index);
  }

  /**
   * The whole file, gunzipped if it is gzip-compressed. The content decides, not the name: a
   * gzipped file saved without its {@code .gz}, and an unpacked one that kept it (as browsers
   * leave downloads), read as well.
   */
  static byte[] readMaybeGzip(Path file) {
    try (InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;     // gzip's magic number
      raw.reset();
      if (!gz) {
        return raw.readAllBytes();
      }
      try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Files.size(file) * 4, 1 << 28));
        in.transferTo(out);
        return out.toByteArray();
      }
    } catch (NoSuchFileException e) {
      throw new MalformedDataException(file, "file not found", "check the path");
    } catch (EOFException e) {
      throw new MalformedDataException(file, "gzip stream ends early (truncated download?)",
          "delete the file and download it again", e);
    } catch (ZipException e) {
      throw new MalformedDataException(file, "starts as gzip but is not a valid gzip file ("
          + e.getMessage() + ")", "the file is corrupt; download it again", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] header(int magic, int... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.array();
  }

  static String shape(int[] dims) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      s.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return s.append(']').toString();
  }

  /** Lets a GZIPOutputStream finish without closing the AtomicFiles stream it wraps. */
  private static java.io.OutputStream nonClosing(java.io.OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
