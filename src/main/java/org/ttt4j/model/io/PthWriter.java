package org.ttt4j.model.io;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ttt4j.model.Safetensors;
import org.ttt4j.provenance.AtomicFiles;

/**
 * Writes a flat state dict as {@code torch.save} does (zip format, pickle protocol 2): an
 * {@code OrderedDict} of {@code _rebuild_tensor_v2} tensors, each over its own contiguous
 * storage, so that {@code torch.load(f, weights_only=True)} accepts it. Entries are stored
 * uncompressed, their data aligned to 64 bytes (as torch aligns them, for memory mapping), with a
 * fixed time stamp so that the same weights give the same bytes.
 */
final class PthWriter {

  private static final String ARCHIVE = "archive/";
  private static final int ALIGN = 64;
  private static final long FIXED_TIME = 946684800000L;          // 2000-01-01, any fixed date

  private PthWriter() {}

  /** Writes {@code tensors} (float32; the names in {@code int64} as int64) to {@code file}. */
  static void write(Path file, Map<String, Safetensors.Tensor> tensors, Set<String> int64) {
    List<String> names = new ArrayList<>(tensors.keySet());
    byte[] pickle = pickle(tensors, int64);
    AtomicFiles.write(file, raw -> {
      Counting counted = new Counting(raw);
      try (ZipOutputStream zip = new ZipOutputStream(counted)) {
        put(zip, counted, ARCHIVE + "data.pkl", pickle);
        for (int i = 0; i < names.size(); i++) {
          Safetensors.Tensor t = tensors.get(names.get(i));
          put(zip, counted, ARCHIVE + "data/" + i, data(t, int64.contains(names.get(i))));
        }
        put(zip, counted, ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
      }
    });
  }

  private static byte[] data(Safetensors.Tensor t, boolean asLong) {
    float[] v = t.values();
    ByteBuffer b = ByteBuffer.allocate(v.length * (asLong ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      if (asLong) {
        b.putLong((long) x);
      } else {
        b.putFloat(x);
      }
    }
    return b.array();
  }

  private static void put(ZipOutputStream zip, Counting counted, String name, byte[] data)
      throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTime(FIXED_TIME);
    int header = 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;   // + our extra field
    int pad = (int) ((ALIGN - (counted.count + header) % ALIGN) % ALIGN);
    byte[] extra = new byte[4 + pad];
    extra[0] = 'F';
    extra[1] = 'B';
    extra[2] = (byte) pad;                                               // length, little-endian
    extra[3] = (byte) (pad >> 8);
    e.setExtra(extra);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  // ---------------------------------------------------------------- pickle (protocol 2)

  private static byte[] pickle(Map<String, Safetensors.Tensor> tensors, Set<String> int64) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(0x80);
    p.write(2);                                                           // PROTO 2
    orderedDict(p);
    p.write('(');                                                         // MARK
    int key = 0;
    for (Map.Entry<String, Safetensors.Tensor> e : tensors.entrySet()) {
      long[] shape = e.getValue().shape();
      str(p, e.getKey());
      global(p, "torch._utils", "_rebuild_tensor_v2");
      p.write('(');
      p.write('(');                                                       // the persistent id
      str(p, "storage");
      global(p, "torch", int64.contains(e.getKey()) ? "LongStorage" : "FloatStorage");
      str(p, Integer.toString(key++));
      str(p, "cpu");
      integer(p, e.getValue().values().length);
      p.write('t');
      p.write('Q');                                                       // BINPERSID
      integer(p, 0);                                                      // storage offset
      ints(p, shape);
      ints(p, contiguousStrides(shape));
      p.write(0x89);                                                      // requires_grad False
      orderedDict(p);                                                     // backward hooks
      p.write('t');
      p.write('R');
    }
    p.write('u');                                                         // SETITEMS
    p.write('.');
    return p.toByteArray();
  }

  private static long[] contiguousStrides(long[] shape) {
    long[] s = new long[shape.length];
    long step = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      s[d] = step;
      step *= shape[d];
    }
    return s;
  }

  private static void orderedDict(ByteArrayOutputStream p) {
    global(p, "collections", "OrderedDict");
    p.write(')');
    p.write('R');
  }

  private static void global(ByteArrayOutputStream p, String module, String name) {
    p.write('c');
    p.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static void str(ByteArrayOutputStream p, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    p.write('X');
    p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
    p.writeBytes(b);
  }

  private static void integer(ByteArrayOutputStream p, long v) {
    if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      p.write('J');                                                       // BININT
      p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    } else {
      p.write(0x8a);                                                      // LONG1, 8 bytes
      p.write(8);
      p.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }
  }

  private static void ints(ByteArrayOutputStream p, long[] values) {
    p.write('(');
    for (long v : values) {
      integer(p, v);
    }
    p.write('t');
  }

  /** Counts the bytes written, to align each entry's data. */
  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
