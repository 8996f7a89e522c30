package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Idx;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;

/**
 * Every bad input of issue 4 through {@code ttt4j corrupt}: exit code 1 or 2, one line on stderr
 * that names the offending file (or value) and what is wrong, no stack trace, and no output folder
 * content left behind.
 */
class CorruptBadInputTest {

  private static final String VERBOSE_HINT = "(run again with --verbose for the stack trace)";

  @TempDir Path dir;
  @RegisterExtension final CapturedConsole console = new CapturedConsole();
  private final ByteArrayOutputStream err = console.err();
  private final ByteArrayOutputStream out = console.out();

  /** A bad input: builds the --data path in {@code dir}, extra args, and what stderr must say. */
  interface BadInput {
    Path make(Path dir) throws IOException;
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("truncated gzip", (BadInput) d -> {
          Path data = idxFolder(d, 6, 6);
          Path im = data.resolve("t10k-images-idx3-ubyte.gz");
          byte[] all = Files.readAllBytes(im);
          Files.write(im, Arrays.copyOf(all, all.length / 2));
          return data;
        }, List.of(), List.of("t10k-images-idx3-ubyte.gz", "truncated")),
        Arguments.of("wrong IDX magic", (BadInput) d -> {
          Path data = idxFolder(d, 6, 6);
          Path im = data.resolve("t10k-images-idx3-ubyte.gz");
          Files.copy(data.resolve("t10k-labels-idx1-ubyte.gz"), im,
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          return data;
        }, List.of(), List.of("t10k-images-idx3-ubyte.gz", "IDX magic is 0x00000801, expected"
            + " 0x00000803")),
        Arguments.of("IDX size disagrees with the file length", (BadInput) d -> {
          Path data = d.resolve("data");
          Files.createDirectories(data);
          byte[] raw = ByteBuffer.allocate(16 + 3).putInt(Idx.IMAGES_MAGIC).putInt(1).putInt(2)
              .putInt(2).put(new byte[] {1, 2, 3}).array();
          Files.write(data.resolve("t10k-images-idx3-ubyte"), raw);
          Idx.writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {0});
          return data;
        }, List.of(), List.of("t10k-images-idx3-ubyte", "header says [1, 2, 2] = 4 bytes of data"
            + " but the file holds 3")),
        Arguments.of("labels and images of different counts", (BadInput) d -> {
          Path data = idxFolder(d, 6, 5);
          return data;
        }, List.of(), List.of("t10k-labels-idx1-ubyte.gz", "holds 5 labels but",
            "holds 6 images")),
        Arguments.of("npy with unsupported dtype", (BadInput) d -> {
          Path x = npy(d, "<f4", false, 4);
          return x;
        }, List.of(), List.of("x.npy", "dtype '<f4' is not supported")),
        Arguments.of("npy in Fortran order", (BadInput) d -> {
          Path x = npy(d, "|u1", true, 1);
          return x;
        }, List.of(), List.of("x.npy", "Fortran (column-major) order")),
        Arguments.of("unreadable PNG", (BadInput) d -> {
          Path data = d.resolve("folder");
          for (int i = 0; i < 3; i++) {
            ImageFiles.writePng(data.resolve("a/" + i + ".png"),
                new Image(32, 32, 1, new byte[32 * 32]));
          }
          Files.write(data.resolve("a/1.png"), "not a png".getBytes(StandardCharsets.US_ASCII));
          return data;
        }, List.of(), List.of("1.png", "cannot decode image")),
        Arguments.of("empty folder", (BadInput) d -> Files.createDirectories(d.resolve("empty")),
            List.of(), List.of("empty")),
        Arguments.of("unknown corruption", (BadInput) d -> idxFolder(d, 6, 6),
            List.of("--corruptions", "fgo"), List.of("unknown corruption 'fgo'", "'fog'")),
        Arguments.of("severity 0", (BadInput) d -> idxFolder(d, 6, 6),
            List.of("--levels", "0"), List.of("levels '0' include 0", "1 to 5")),
        Arguments.of("severity 6", (BadInput) d -> idxFolder(d, 6, 6),
            List.of("--levels", "1-6"), List.of("levels '1-6' include 6", "1 to 5")),
        Arguments.of("an image side the corruptions have no parameters for", (BadInput) d -> {
          // was refused only once the first kernel ran: "fog level 1 failed on image 0:
          // java.lang.IllegalArgumentException: ... pass a ParamTable (T224, T64, T32) explicitly"
          Path data = d.resolve("odd");
          for (int i = 0; i < 2; i++) {
            ImageFiles.writePng(data.resolve("a/" + i + ".png"),
                new Image(30, 30, 3, new byte[30 * 30 * 3]));
          }
          return data;
        }, List.of("--format", "png"), List.of("holds 30x30 images", "224", "64", "32", "28",
            "resize")),
        Arguments.of("missing --data file", (BadInput) d -> d.resolve("no-such.gz"),
            List.of(), List.of("no-such.gz", "no such file or folder")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsOneClearLineAndLeavesNoOutput(String name, BadInput input, List<String> extra,
      List<String> mustSay) throws IOException {
    Path data = input.make(dir);
    Path set = dir.resolve("set");
    List<String> args = new ArrayList<>(List.of("corrupt", "--data", data.toString(),
        "--out", set.toString(), "--threads", "1"));
    if (!extra.contains("--corruptions")) {
      args.addAll(List.of("--corruptions", "brightness,gaussian_noise"));
    }
    args.addAll(extra);
    int rc = Main.execute(args.toArray(String[]::new));
    String all = err.toString(StandardCharsets.UTF_8).strip();
    assertTrue(rc == 1 || rc == 2, name + ": exit code " + rc + ", stderr: " + all);
    // One line says what is wrong; Main adds its fixed "--verbose" hint, or the usage hint of a
    // usage error, as a second line.
    String e = all.replace("\n" + VERBOSE_HINT, "").replace("\n(see: ttt4j corrupt --help)", "");
    assertFalse(e.isEmpty(), name + ": nothing on stderr");
    assertFalse(e.contains("\n"), name + ": message is more than one line:\n" + all);
    assertFalse(e.contains("Exception") || e.contains("\tat "), name + ": stack trace:\n" + e);
    for (String s : mustSay) {
      assertTrue(e.contains(s), name + ": message should say '" + s + "': " + e);
    }
    if (Files.exists(set)) {
      try (Stream<Path> left = Files.walk(set)) {
        List<Path> files = left.filter(Files::isRegularFile).toList();
        assertEquals(List.of(), files, name + ": partial output left behind");
      }
    }
  }

  private static Path idxFolder(Path d, int images, int labels) {
    Path data = d.resolve("data");
    Idx.writeImages(data.resolve("t10k-images-idx3-ubyte.gz"), images, 28, 28,
        i -> new Image(28, 28, 1, new byte[28 * 28]));
    Idx.writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), new int[labels]);
    return data;
  }

  /** x.npy of shape (1, 2, 2, 3) with the given dtype next to a valid labels.npy. */
  private static Path npy(Path d, String descr, boolean fortran, int itemBytes) throws IOException {
    Files.createDirectories(d);
    Path x = d.resolve("x.npy");
    write(x, descr, fortran, "(1, 2, 2, 3)", 12 * itemBytes);
    write(d.resolve("labels.npy"), "|u1", false, "(1,)", 1);
    return x;
  }

  private static void write(Path file, String descr, boolean fortran, String shape, int dataBytes)
      throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
        + ", 'shape': " + shape + ", }";
    dict = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + dict.length() + dataBytes)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) dict.length());
    b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    Files.write(file, b.array());
  }
}
