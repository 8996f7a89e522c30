package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.FrameFolder;
import org.ttt4j.data.IdxDataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.data.ImageFolder;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.NpyDataset;
import org.ttt4j.provenance.JsonFiles;

class CorruptedSetWriterTest {

  @TempDir Path out;

  /** Brightness = add level*10 plus a seed-dependent 0/1; everything else is "not implemented". */
  static final CorruptedSetWriter.Corrupter FAKE = (c, x, s, seed) -> {
    if (c != Corruption.BRIGHTNESS) {
      throw new UnsupportedOperationException(c.id() + " is not implemented yet");
    }
    byte[] px = x.pixels().clone();
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) Math.min(255, (px[i] & 0xFF) + s.level() * 10 + (int) (seed & 1));
    }
    return new Image(x.height(), x.width(), x.channels(), px);
  };

  static Dataset tiny(int channels) {
    return new Dataset() {
      public int size() {
        return 4;
      }

      public LabeledImage get(int i) {
        byte[] px = new byte[6 * 5 * channels];
        new Random(i).nextBytes(px);
        return new LabeledImage(new Image(6, 5, channels, px), i % 3);
      }

      public List<String> classNames() {
        return List.of("a/b", "c", "d");
      }

      public String source() {
        return "tiny";
      }
    };
  }

  CorruptedSetWriter.Job job(SetFormat format, Dataset data, String corruptions) {
    return new CorruptedSetWriter.Job(data, "test", CorruptionList.parse(corruptions),
        CorruptionList.parseLevels("1-2"), format, 7, out, 2, List.of("test"));
  }

  @Test
  void idxPartsReadBackAsTheCorruptedImages() {
    var r = new CorruptedSetWriter(FAKE).write(job(SetFormat.IDX, tiny(1), "brightness"), new CorruptedSetWriter.Listener() {});
    assertEquals(List.of("brightness/1", "brightness/2"), r.written());
    IdxDataset level2 = IdxDataset.open(out.resolve("brightness/2/images-idx3-ubyte.gz"),
        out.resolve("brightness/2/labels-idx1-ubyte.gz"), List.of());
    for (int i = 0; i < 4; i++) {
      Image want = FAKE.apply(Corruption.BRIGHTNESS, tiny(1).get(i).image(), Severity.S2,
          CorruptionSeeds.seed(7, i, Corruption.BRIGHTNESS, Severity.S2));
      assertArrayEquals(want.pixels(), level2.get(i).image().pixels());
      assertEquals(i % 3, level2.get(i).label());
    }
    SetManifest m = JsonFiles.read(r.manifest(), SetManifest.class).orElseThrow();
    assertEquals(2, m.parts().size());
    assertEquals(2, m.parts().get(0).sha256().size());
    assertTrue(Files.isRegularFile(out.resolve(CorruptedSetWriter.CONTACT_SHEET)));
    assertTrue(m.files().containsKey(CorruptedSetWriter.CONTACT_SHEET));
  }

  @Test
  void reRunSkipsFinishedPartsAndRewritesATamperedOne() throws IOException {
    CorruptedSetWriter w = new CorruptedSetWriter(FAKE);
    w.write(job(SetFormat.IDX, tiny(1), "brightness"), new CorruptedSetWriter.Listener() {});
    var again = w.write(job(SetFormat.IDX, tiny(1), "brightness"), new CorruptedSetWriter.Listener() {});
    assertEquals(List.of("brightness/1", "brightness/2"), again.skipped());
    assertEquals(List.of(), again.written());
    Files.write(out.resolve("brightness/1/labels-idx1-ubyte.gz"), new byte[] {1});
    var third = w.write(job(SetFormat.IDX, tiny(1), "brightness"), new CorruptedSetWriter.Listener() {});
    assertEquals(List.of("brightness/1"), third.written());
    assertEquals(List.of("brightness/2"), third.skipped());
  }

  @Test
  void setOfOtherSettingsInOutIsRefusedNamingWhatDiffers() throws IOException {
    CorruptedSetWriter w = new CorruptedSetWriter(FAKE);
    w.write(job(SetFormat.IDX, tiny(1), "brightness"), new CorruptedSetWriter.Listener() {});
    String before = Files.readString(out.resolve(CorruptedSetWriter.MANIFEST));
    var otherFormat = assertThrows(IllegalArgumentException.class,
        () -> w.write(job(SetFormat.PNG, tiny(1), "brightness"), new CorruptedSetWriter.Listener() {}));
    assertTrue(otherFormat.getMessage().contains("format: idx there, png now"), otherFormat.getMessage());
    assertTrue(otherFormat.getMessage().contains("choose another --out or delete it"), otherFormat.getMessage());
    var otherSeed = assertThrows(IllegalArgumentException.class, () -> w.write(
        new CorruptedSetWriter.Job(tiny(1), "test", CorruptionList.parse("brightness"),
            CorruptionList.parseLevels("1-2"), SetFormat.IDX, 8, out, 2, List.of("test")),
        new CorruptedSetWriter.Listener() {}));
    assertTrue(otherSeed.getMessage().contains("seed: 7 there, 8 now"), otherSeed.getMessage());
    assertEquals(before, Files.readString(out.resolve(CorruptedSetWriter.MANIFEST)));
    assertFalse(Files.exists(out.resolve("brightness/1/00_a_b")));
  }

  @Test
  void npySetOfOtherLevelsIsRefused() {
    CorruptedSetWriter w = new CorruptedSetWriter(FAKE);
    w.write(job(SetFormat.NPY, tiny(3), "brightness"), new CorruptedSetWriter.Listener() {});
    var e = assertThrows(IllegalArgumentException.class, () -> w.write(
        new CorruptedSetWriter.Job(tiny(3), "test", CorruptionList.parse("brightness"),
            CorruptionList.parseLevels("1"), SetFormat.NPY, 7, out, 2, List.of("test")),
        new CorruptedSetWriter.Listener() {}));
    assertTrue(e.getMessage().contains("levels: 1,2 there, 1 now"), e.getMessage());
  }

  @Test
  void outThatIsAFileIsRefusedBeforeAnyWork() throws IOException {
    Path file = Files.writeString(out.resolve("notes.txt"), "x");
    var e = assertThrows(IllegalArgumentException.class, () -> new CorruptedSetWriter(FAKE).write(
        new CorruptedSetWriter.Job(tiny(1), "test", CorruptionList.parse("brightness"),
            CorruptionList.parseLevels("1"), SetFormat.IDX, 7, file, 1, List.of("test")),
        new CorruptedSetWriter.Listener() {}));
    assertEquals("--out " + file + " is a file, not a folder; give a folder path", e.getMessage());
  }

  @Test
  void unavailableCorruptionIsReportedAndTheOthersAreWritten() {
    var r = new CorruptedSetWriter(FAKE).write(job(SetFormat.IDX, tiny(1), "fog,brightness"),
        new CorruptedSetWriter.Listener() {});
    assertEquals(1, r.unavailable().size());
    assertEquals("fog", r.unavailable().get(0).corruption());
    assertTrue(r.unavailable().get(0).reason().contains("not implemented"));
    assertEquals(2, r.written().size());
    assertFalse(Files.exists(out.resolve("fog")));
  }

  @Test
  void npyLayoutStacksLevelsLikeCifar10C() {
    new CorruptedSetWriter(FAKE).write(job(SetFormat.NPY, tiny(3), "brightness"), new CorruptedSetWriter.Listener() {});
    NpyDataset d = NpyDataset.open(out.resolve("brightness.npy"), out.resolve("labels.npy"), List.of());
    assertEquals(8, d.size());
    assertEquals(2, d.get(6).label()); // level 2, image 2
    Image want = FAKE.apply(Corruption.BRIGHTNESS, tiny(3).get(1).image(), Severity.S2,
        CorruptionSeeds.seed(7, 1, Corruption.BRIGHTNESS, Severity.S2));
    assertArrayEquals(want.pixels(), d.get(5).image().pixels());
  }

  @Test
  void pngLayoutKeepsLabelOrderInClassFolders() {
    new CorruptedSetWriter(FAKE).write(job(SetFormat.PNG, tiny(3), "brightness"), new CorruptedSetWriter.Listener() {});
    ImageFolder f = ImageFolder.open(out.resolve("brightness/1"));
    assertEquals(List.of("00_a_b", "01_c", "02_d"), f.classNames());
    assertEquals(4, f.size());
    assertEquals("3.png", f.file(3).getFileName().toString()); // class 0 holds images 0 and 3,
    assertEquals("1.png", f.file(1).getFileName().toString()); // and the classes take turns
  }

  @Test
  void idxRejectsColourBeforeWritingAnything() throws IOException {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new CorruptedSetWriter(FAKE).write(job(SetFormat.IDX, tiny(3), "brightness"),
            new CorruptedSetWriter.Listener() {}));
    assertTrue(e.getMessage().contains("use --format npy or png"), e.getMessage());
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(List.of(), s.toList());
    }
  }

  @Test
  void unlabelledFramesAreRefusedBeforeWritingAnIdxOrPngSet(@TempDir Path frames)
      throws IOException {
    for (int i = 0; i < 2; i++) {
      ImageFiles.writePng(frames.resolve(i + ".png"), tiny(1).get(i).image());
    }
    for (SetFormat format : new SetFormat[] {SetFormat.IDX, SetFormat.PNG}) {
      var e = assertThrows(IllegalArgumentException.class,
          () -> new CorruptedSetWriter(FAKE).write(job(format, FrameFolder.open(frames), "brightness"),
              new CorruptedSetWriter.Listener() {}));
      assertTrue(e.getMessage().contains("the data are unlabelled images"), e.getMessage());
      try (Stream<Path> s = Files.list(out)) {
        assertEquals(List.of(), s.toList());
      }
    }
  }

  @Test
  void kernelFailureNamesTheImageAndLeavesNoPartialPart() throws IOException {
    CorruptedSetWriter.Corrupter broken = (c, x, s, seed) -> {
      if (s == Severity.S2) {
        throw new ArithmeticException("boom");
      }
      return x;
    };
    var e = assertThrows(IllegalStateException.class, () -> new CorruptedSetWriter(broken)
        .write(job(SetFormat.IDX, tiny(1), "brightness"), new CorruptedSetWriter.Listener() {}));
    assertTrue(e.getMessage().contains("brightness level 2 failed on image"), e.getMessage());
    assertTrue(Files.isDirectory(out.resolve("brightness/1")));
    try (Stream<Path> s = Files.list(out.resolve("brightness"))) {
      assertEquals(List.of(out.resolve("brightness/1")), s.toList());
    }
  }

  @Test
  void seedsAreStableAndDifferPerImageLevelAndCorruption() {
    long a = CorruptionSeeds.seed(0, 0, Corruption.FOG, Severity.S1);
    assertEquals(a, CorruptionSeeds.seed(0, 0, Corruption.FOG, Severity.S1));
    assertNotEquals(a, CorruptionSeeds.seed(0, 1, Corruption.FOG, Severity.S1));
    assertNotEquals(a, CorruptionSeeds.seed(0, 0, Corruption.FOG, Severity.S2));
    assertNotEquals(a, CorruptionSeeds.seed(0, 0, Corruption.SNOW, Severity.S1));
    assertNotEquals(a, CorruptionSeeds.seed(1, 0, Corruption.FOG, Severity.S1));
  }

  @Test
  void selectionsParse() {
    assertEquals(19, CorruptionList.parse("all").size());
    assertEquals(15, CorruptionList.parse("benchmark").size());
    assertEquals(List.of(Corruption.FOG, Corruption.SNOW), CorruptionList.parse("fog, snow,fog"));
    assertEquals(List.of(Severity.S1, Severity.S3, Severity.S4), CorruptionList.parseLevels("3-4,1"));
    var e = assertThrows(IllegalArgumentException.class, () -> CorruptionList.parseLevels("5-1"));
    assertTrue(e.getMessage().contains("use e.g. 1-5"), e.getMessage());
  }
}
