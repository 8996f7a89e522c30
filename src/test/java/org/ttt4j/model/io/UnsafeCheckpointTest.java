package org.ttt4j.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.model.Safetensors;

/**
 * Hostile and broken checkpoints are refused with a message that says what and why, and nothing
 * in them runs: the pickles below would create a file if any unpickler executed them.
 */
class UnsafeCheckpointTest {

  @TempDir Path dir;

  /** A torch.save-style zip holding {@code pickle} as data.pkl and the given storages. */
  private Path pth(String name, byte[] pickle, Map<String, byte[]> storages) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl"));
      zip.write(pickle);
      for (Map.Entry<String, byte[]> s : storages.entrySet()) {
        zip.putNextEntry(new ZipEntry("archive/data/" + s.getKey()));
        zip.write(s.getValue());
      }
    }
    return file;
  }

  /** Pickle opcodes written by hand: PROTO 2, then {@code body}, then STOP. */
  private static byte[] pickle(String body) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x80);
    b.write(2);
    b.writeBytes(body.getBytes(StandardCharsets.ISO_8859_1));
    b.write('.');
    return b.toByteArray();
  }

  /** BINUNICODE of {@code s}. */
  private static String str(String s) {
    int n = s.length();
    return "X" + (char) (n & 0xFF) + (char) ((n >> 8) & 0xFF) + "\0\0" + s;
  }

  @Test
  void pickleThatWouldRunACommandIsRefusedAndNothingRuns() throws IOException {
    Path witness = dir.resolve("pwned");
    for (String global : new String[] {"posix\nsystem\n", "os\nsystem\n", "builtins\neval\n"}) {
      // os.system('touch <witness>') via GLOBAL + TUPLE1 + REDUCE, as a __reduce__ pickles it
      byte[] evil = pickle("c" + global + str("touch " + witness) + "\u0085R");
      Path file = pth("evil.pth", evil, Map.of());
      UnsafePickleException e = assertThrows(UnsafePickleException.class,
          () -> CheckpointImport.read(file, new java.util.ArrayList<>()));
      String name = global.trim().replace('\n', '.');
      assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("nothing was executed"), e.getMessage());
      assertFalse(Files.exists(witness), "the command ran: " + witness + " exists");
    }
    // the same call named through STACK_GLOBAL (protocol 4) is refused too
    byte[] stacked = pickle(str("os") + str("system") + "\u0093" + str("touch " + witness)
        + "\u0085R");
    UnsafePickleException e = assertThrows(UnsafePickleException.class,
        () -> CheckpointImport.read(pth("evil4.pth", stacked, Map.of()),
            new java.util.ArrayList<>()));
    assertTrue(e.getMessage().contains("'os.system'"), e.getMessage());
    assertFalse(Files.exists(witness));
  }

  @Test
  void unknownClassIsRefusedByName() throws IOException {
    // models_mae.MaskedAutoencoderViT() as a whole pickled model would be: NEWOBJ of a class
    byte[] model = pickle("cmodels_mae\nMaskedAutoencoderViT\n)\u0081}b");
    UnsafePickleException e = assertThrows(UnsafePickleException.class,
        () -> CheckpointImport.read(pth("model.pth", model, Map.of()), new java.util.ArrayList<>()));
    assertTrue(e.getMessage().contains("'models_mae.MaskedAutoencoderViT'"), e.getMessage());
    assertTrue(e.getMessage().contains("torch.save(model.state_dict(), f)"), e.getMessage());
  }

  @Test
  void allowedGlobalCannotBeMisused() throws IOException {
    // a storage class is allowed as a name in a persistent id, but calling it is not
    byte[] call = pickle("ctorch\nFloatStorage\n)R");
    UnsafePickleException e = assertThrows(UnsafePickleException.class,
        () -> CheckpointImport.read(pth("call.pth", call, Map.of()), new java.util.ArrayList<>()));
    assertTrue(e.getMessage().contains("'torch.FloatStorage'"), e.getMessage());
  }

  @Test
  void truncatedZipIsRefused() throws IOException {
    byte[] whole = Files.readAllBytes(ForeignCheckpointTest.DIR.resolve("ttt-mae.pth"));
    Path cut = dir.resolve("cut.pth");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckpointImport.read(cut, new java.util.ArrayList<>()));
    assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
  }

  @Test
  void storageShorterThanItsTensorIsRefused() throws IOException {
    Path good = dir.resolve("good.pth");
    Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
    t.put("w", new Safetensors.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    PthWriter.write(good, t, Set.of());
    byte[] pickle;
    try (ZipFile z = new ZipFile(good.toFile())) {
      pickle = z.getInputStream(z.getEntry("archive/data.pkl")).readAllBytes();
    }
    Path shortened = pth("short.pth", pickle, Map.of("0", new byte[16]));   // 4 of 6 floats
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckpointImport.read(shortened, new java.util.ArrayList<>()));
    assertTrue(e.getMessage().contains("storage archive/data/0 (torch.FloatStorage) holds 16"
        + " bytes for 6 elements"), e.getMessage());
    assertTrue(e.getMessage().contains("shorter than its tensor"), e.getMessage());
  }

  @Test
  void legacyFormatAsksForAResave() throws IOException {
    Path legacy = dir.resolve("legacy.pth");
    Files.write(legacy, pickle("\u008a\n" + "l\u00fc\u009cF\u00f9 j\u00a8P\u0019"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckpointImport.read(legacy, new java.util.ArrayList<>()));
    assertTrue(e.getMessage().contains("legacy (pre-1.6, non-zip) torch.save format"),
        e.getMessage());
    assertTrue(e.getMessage().contains("re-save it with a current torch.save"), e.getMessage());
  }

  @Test
  void writerOutputReadsBack() throws IOException {
    Path file = dir.resolve("rt.pth");
    Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
    t.put("a", new Safetensors.Tensor(new long[] {2, 2}, new float[] {1.5f, -2, 3, 4}));
    t.put("n", new Safetensors.Tensor(new long[0], new float[] {7}));
    PthWriter.write(file, t, Set.of("n"));
    Object back = PthReader.read(file);
    Map<?, ?> m = assertInstanceOf(Map.class, back);
    Safetensors.Tensor a = (Safetensors.Tensor) m.get("a");
    Safetensors.Tensor n = (Safetensors.Tensor) m.get("n");
    assertTrue(Arrays.equals(new float[] {1.5f, -2, 3, 4}, a.values()));
    assertTrue(Arrays.equals(new float[] {7}, n.values()) && n.shape().length == 0);
    try (ZipFile z = new ZipFile(file.toFile())) {
      assertTrue(z.getEntry("archive/version") != null, "torch.load needs archive/version");
    }
  }
  /**
   * numpy scalars beside the weights ({@code best_acc = np.float64(0.5)}, an epoch as np.int64),
   * as many training scripts save them: read as numbers, nothing run. They were refused as
   * "refers to the global 'numpy.core.multiarray.scalar'". The bytes are Python's own
   * {@code pickle.dumps({'best': np.float64(0.5), 'epoch': np.int64(4), 'f': np.float32(2.0)},
   * protocol=2)}.
   */
  @Test
  void numpyScalarsAreReadAsNumbers() {
    String hex = ""
      + "80027d7100285804000000626573747101636e756d70792e636f72652e6d756c746961727261790a7363616c61720a71"
      + "02636e756d70790a64747970650a71035802000000663871048988877105527106284b0358010000003c71074e4e4e4a"
      + "ffffffff4affffffff4b0074710862635f636f646563730a656e636f64650a71095809000000000000000000c3a03f71"
      + "0a58060000006c6174696e31710b86710c52710d86710e52710f580500000065706f6368711068026803580200000069"
      + "3871118988877112527113284b0368074e4e4e4affffffff4affffffff4b007471146268095808000000040000000000"
      + "00007115680b867116527117867118527119580100000066711a6802680358020000006634711b898887711c52711d28"
      + "4b0368074e4e4e4affffffff4affffffff4b0074711e626809580400000000000040711f680b86712052712186712252"
      + "7123752e";
    byte[] pickle = java.util.HexFormat.of().parseHex(hex);
    Map<?, ?> m = assertInstanceOf(Map.class, Unpickler.load(pickle, "numpy.pkl", pid -> null));
    assertEquals(0.5, m.get("best"));
    assertEquals(4L, m.get("epoch"));
    assertEquals(2.0, m.get("f"));
  }

  @Test
  void codecsEncodeTakesOnlyLatin1Text() {
    byte[] other = pickle("c_codecs\nencode\n" + str("x") + str("rot13") + "\u0086R");
    UnsafePickleException e = assertThrows(UnsafePickleException.class,
        () -> Unpickler.load(other, "codecs.pkl", pid -> null));
    assertTrue(e.getMessage().contains("'_codecs.encode'"), e.getMessage());
  }
}
