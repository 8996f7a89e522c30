package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader on files that other tools (or accidents) made. */
class SafetensorsTest {

  @TempDir Path dir;

  /** A file with this JSON header and {@code dataBytes} zero bytes of data. */
  private Path file(String name, String header, long dataBytes) throws IOException {
    Path f = dir.resolve(name);
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    try (RandomAccessFile out = new RandomAccessFile(f.toFile(), "rw")) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length)
          .array());
      out.write(json);
      out.setLength(8 + json.length + dataBytes);        // sparse: no disk for the zeros
    }
    return f;
  }

  /**
   * Bytes this thread has read from files so far (Linux's per-thread I/O count, {@code rchar}):
   * every read and pread, whichever class made it and however fast the disk is.
   */
  private static long bytesReadByThisThread() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/thread-self/io"))) {
      if (line.startsWith("rchar:")) {
        return Long.parseLong(line.substring("rchar:".length()).trim());
      }
    }
    throw new IllegalStateException("/proc/thread-self/io has no rchar line");
  }

  @Test
  void metadataReadsTheHeaderAloneHoweverLargeTheWeights() throws IOException {
    // 3 GB of weights in one tensor: reading them (as metadata() did) failed on the 2 GB buffer
    long count = 750_000_000L;
    Path big = file("big.safetensors", "{\"__metadata__\":{\"format\":\"ttt4j-checkpoint\","
        + "\"recipe\":\"r\"},\"w\":{\"dtype\":\"F32\",\"shape\":[" + count + "],"
        + "\"data_offsets\":[0," + 4 * count + "]}}", 4 * count);
    Checkpoint.metadata(file("warm.safetensors", "{\"__metadata__\":{}}", 0));  // loads classes
    long before = bytesReadByThisThread();
    Map<String, String> meta = Checkpoint.metadata(big);
    long read = bytesReadByThisThread() - before;
    assertEquals("r", meta.get("recipe"));
    // the header is 137 bytes and the /proc reads that measure add a few KB; reading the weights
    // in pieces of any size, as a loader without the 2 GiB limit would, adds 3 GB
    assertTrue(read < 64 * 1024, "read " + read + " bytes of a " + Files.size(big)
        + "-byte file; the header alone is " + (Files.size(big) - 4 * count));
    Safetensors.Header h = Safetensors.readHeader(big);
    assertArrayEquals(new long[] {count}, h.entries().get("w").shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Safetensors.read(big));
    assertTrue(e.getMessage().contains("ttt4j reads tensors of up to 2 GiB each"), e.getMessage());
  }

  /** The same weights and metadata give the same bytes, whatever order the map iterates in. */
  @Test
  void metadataIsWrittenInKeyOrder() throws IOException {
    Map<String, Safetensors.Tensor> t = Map.of("w", new Safetensors.Tensor(new long[] {1},
        new float[] {1f}));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("zeta", "1");
    meta.put("alpha", "2");
    meta.put("mid", "3");
    Path f = dir.resolve("m.safetensors");
    Safetensors.write(f, t, meta);
    String header = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
    assertTrue(header.indexOf("\"alpha\"") < header.indexOf("\"mid\"")
        && header.indexOf("\"mid\"") < header.indexOf("\"zeta\""), header);
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("mid", "3");
    reversed.put("alpha", "2");
    reversed.put("zeta", "1");
    Path g = dir.resolve("g.safetensors");
    Safetensors.write(g, t, reversed);
    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
  }

  @Test
  void aTruncatedFileIsRefusedFromItsHeaderToo() throws IOException {
    Path cut = file("cut.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],"
        + "\"data_offsets\":[0,16]}}", 8);
    for (var read : new java.util.function.Function[] {
        p -> Safetensors.read((Path) p), p -> Safetensors.readHeader((Path) p)}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> read.apply(cut));
      assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }
  }

  @Test
  void malformedHeadersAreNamedNotNullPointers() throws IOException {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("[1,2,3]", "not an object of tensors (it is an array)");
    cases.put("null", "not an object of tensors (it is null)");
    cases.put("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "tensor a lacks a dtype");
    cases.put("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
        "tensor a has shape [-2]");
    cases.put("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
        "has dtype C64; supported");
    cases.put("{\"__metadata__\":[1],\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
        + "\"data_offsets\":[0,8]}}", "__metadata__ that is an array");
    int i = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path f = file("bad" + i++ + ".safetensors", c.getKey(), 8);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Safetensors.read(f), c.getKey());
      assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
      assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
  }

  @Test
  void metadataThatIsNotAStringIsKeptAsJson() throws IOException {
    // was "JsonObject" (an exception's message) for a nested object
    Path f = file("m.safetensors", "{\"__metadata__\":{\"n\":3,\"o\":{\"a\":1}}}", 0);
    Map<String, String> meta = Safetensors.readHeader(f).metadata();
    assertEquals("3", meta.get("n"));
    assertEquals("{\"a\":1}", meta.get("o"));
  }

  @Test
  void integerAndByteDtypesAreRead() throws IOException {
    Path f = dir.resolve("ints.safetensors");
    String header = "{\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
        + "\"i\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[2,4]},"
        + "\"s\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[4,6]},"
        + "\"b\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[6,8]}}";
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).put((byte) 200).put((byte) 7).put((byte) -3).put((byte) 4)
        .putShort((short) -300).put((byte) 1).put((byte) 0);
    Files.write(f, b.array());
    Map<String, Safetensors.Tensor> t = Safetensors.read(f).tensors();
    assertArrayEquals(new float[] {200, 7}, t.get("u").values());
    assertArrayEquals(new float[] {-3, 4}, t.get("i").values());
    assertArrayEquals(new float[] {-300}, t.get("s").values());
    assertArrayEquals(new float[] {1, 0}, t.get("b").values());
  }

  @Test
  void aPyTorchFileGivenAsACheckpointSaysToImportIt() throws IOException {
    // every MODEL argument (info, test, eval, reconstruct) said "declares a header of
    // 578712552184433488 bytes but the file has ..."
    Path pth = dir.resolve("model.pth");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(pth))) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl"));
      zip.write(new byte[] {(byte) 0x80, 2, '}', '.'});
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.metadata(pth));
    assertTrue(e.getMessage().contains("as torch.save writes a PyTorch .pth"), e.getMessage());
    assertTrue(e.getMessage().contains("`ttt4j import " + pth + " --out model.safetensors`"),
        e.getMessage());
  }

  @Test
  void aSmallHeaderWhoseLengthLooksLikeAPickleIsStillRead() throws IOException {
    // a 640-byte header's length starts 0x80 0x02, as a pickle does: it must not be taken for one
    StringBuilder header = new StringBuilder("{\"__metadata__\":{\"pad\":\"");
    while (header.length() < 640 - 3) {
      header.append('x');
    }
    header.append("\"}}");
    Path f = file("p.safetensors", header.toString(), 0);
    assertEquals(0x80, Files.readAllBytes(f)[0] & 0xFF);
    assertEquals(640 - 3 - 24, Safetensors.readHeader(f).metadata().get("pad").length());
  }

  @Test
  void checkpointConfigProblemsAreNamed() throws IOException {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"format\":\"ttt4j-checkpoint\",\"format_version\":\"1\"}",
        "without a config in its metadata");
    cases.put("{\"format\":\"ttt4j-checkpoint\",\"format_version\":\"abc\"}",
        "format version 'abc', not a number");
    cases.put("{\"format\":\"ttt4j-checkpoint\"}", "has no format_version");
    cases.put("{\"format\":\"ttt4j-checkpoint\",\"format_version\":\"1\","
        + "\"config\":\"{\\\"imageSize\\\":28}\"}",
        "unreadable config: imageSize and patchSize must be positive");
    int i = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path f = file("c" + i++ + ".safetensors", "{\"__metadata__\":" + c.getKey() + "}", 0);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Checkpoint.config(Checkpoint.metadata(f), f), c.getKey());
      assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
    }
  }
}
