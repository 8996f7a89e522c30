package org.ttt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.FashionMnist;

/** {@code ttt4j reconstruct}: its usage errors, before any model loads. */
class ReconstructCommandTest {

  @RegisterExtension final CapturedConsole console = new CapturedConsole();

  @TempDir Path dir;

  @Test
  void anOutThatIsAFolderIsAUsageErrorSuggestingAFile() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("dd"));
    assertEquals(2, Main.execute("reconstruct", "--out", folder.toString()));
    String err = console.err().toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("--out " + folder + " is a folder; give a file path, e.g. "
        + folder.resolve("reconstruction.png")), err);
  }

  @Test
  void aCountOutsideOneSheetIsAUsageErrorGivingTheRange() {
    assumeTrue(FashionMnist.isInstalled(), "needs the Fashion-MNIST package");
    Path out = dir.resolve("r.png");
    for (String count : new String[] {"20000", "65", "0", "-1"}) {
      console.err().reset();
      assertEquals(2, Main.execute("reconstruct", "--count", count, "--out", out.toString()),
          count);
      String err = console.err().toString(StandardCharsets.UTF_8);
      assertTrue(err.contains("--count " + count + " is out of range; give 1..64"), err);
      assertTrue(Files.notExists(out));
    }
  }
}
