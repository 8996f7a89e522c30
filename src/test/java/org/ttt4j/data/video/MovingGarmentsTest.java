package org.ttt4j.data.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.MalformedDataException;

class MovingGarmentsTest {

  @TempDir Path dir;

  /** Garment sources: a uniform square of {@code intensity} in a 28x28 image, class {@code label}. */
  private static Dataset squares(int intensity, int... labels) {
    return new Dataset() {
      public int size() {
        return labels.length;
      }

      public LabeledImage get(int i) {
        byte[] px = new byte[28 * 28];
        for (int y = 6; y < 22; y++) {
          Arrays.fill(px, y * 28 + 6, y * 28 + 22, (byte) intensity);
        }
        return new LabeledImage(new Image(28, 28, 1, px), labels[i]);
      }

      public List<String> classNames() {
        return List.of();
      }

      public String source() {
        return "squares";
      }
    };
  }

  @Test
  void garmentPixelsCarryTheGarmentsClass() {
    // one bright garment on the clean (shift 0) video: the background stays in 55..125, so a pixel
    // brighter than that must be labelled, with the garment's class, and vice versa
    MovingGarments video = new MovingGarments(new VideoSpec(48, 40, 1, 0, 3), squares(250, 6));
    assertArrayEquals(new int[] {7}, video.garmentClasses());
    for (int t = 0; t < 40; t += 13) {
      MovingGarments.Frame f = video.frame(t);
      int covered = 0;
      for (int i = 0; i < 48 * 48; i++) {
        int v = f.image().pixels()[i] & 0xFF;
        int label = f.labels().pixels()[i];
        assertTrue(label == 0 || label == 7, "label " + label + " at pixel " + i);
        if (label == 0) {
          assertTrue(v >= 55 && v <= 125, "background pixel " + i + " has value " + v);
        } else {
          assertTrue(v >= MovingGarments.COVER_THRESHOLD, "garment pixel " + i + " has value " + v);
          covered++;
        }
        if (v > 125) {
          assertEquals(7, label, "bright pixel " + i + " (value " + v + ") is not labelled");
        }
      }
      // a 16x16 square scaled by 0.96..1.44 covers about 236..531 pixels (+ its bilinear rim)
      assertTrue(covered > 220 && covered < 620, "garment covers " + covered + " pixels");
    }
  }

  @Test
  void laterGarmentsOccludeEarlierOnesInFrameAndLabels() {
    // class 1 garments are 250 bright, class 2 garments 170: the frame value of a pixel tells
    // which garment was drawn last there, and it must be the one the label names
    Dataset two = new Dataset() {
      final Dataset a = squares(250, 0);
      final Dataset b = squares(170, 1);

      public int size() {
        return 2;
      }

      public LabeledImage get(int i) {
        return i == 0 ? a.get(0) : b.get(0);
      }

      public List<String> classNames() {
        return List.of();
      }

      public String source() {
        return "two";
      }
    };
    for (long seed = 0; seed < 6; seed++) {
      MovingGarments video = new MovingGarments(new VideoSpec(32, 60, 4, 0, seed), two);
      for (int t = 0; t < 60; t += 7) {
        MovingGarments.Frame f = video.frame(t);
        for (int i = 0; i < 32 * 32; i++) {
          int v = f.image().pixels()[i] & 0xFF;
          int label = f.labels().pixels()[i];
          if (v == 250) {                 // only the first garment's interior is this bright
            assertEquals(1, label, "seed " + seed + " frame " + t + " pixel " + i);
          }
          if (label == 2) {               // the second garment never exceeds its 170
            assertTrue(v <= 170, "seed " + seed + " frame " + t + " pixel " + i + ": " + v);
          }
        }
      }
    }
  }

  @Test
  void videosAreDeterministicAndDriftOverTime() {
    Dataset src = squares(230, 0, 3, 5, 8);
    VideoSpec spec = new VideoSpec(48, 100, 3, 1, 11);
    MovingGarments a = new MovingGarments(spec, src);
    MovingGarments b = new MovingGarments(spec, src);
    assertArrayEquals(a.frame(57).image().pixels(), b.frame(57).image().pixels());
    assertArrayEquals(a.frame(57).labels().pixels(), b.frame(57).labels().pixels());
    MovingGarments other = new MovingGarments(new VideoSpec(48, 100, 3, 1, 12), src);
    assertFalse(Arrays.equals(a.frame(57).image().pixels(), other.frame(57).image().pixels()));
    double max = 0;
    for (int t = 0; t < 100; t++) {
      max = Math.max(max, a.severity(t));
    }
    assertTrue(max > 0.9, "severity peaks at " + max);
    // the same scene without drift has the same labels, but different pixels where it is shifted
    MovingGarments clean = new MovingGarments(new VideoSpec(48, 100, 3, 0, 11), src);
    int peak = 0;
    for (int t = 0; t < 100; t++) {
      peak = a.severity(t) > a.severity(peak) ? t : peak;
    }
    assertArrayEquals(clean.frame(peak).labels().pixels(), a.frame(peak).labels().pixels());
    assertTrue(meanAbsDiff(clean.frame(peak).image(), a.frame(peak).image()) > 20);
  }

  @Test
  void writtenVideosReadBackFrameForFrame() {
    MovingGarments video = new MovingGarments(new VideoSpec(32, 12, 2, 1, 4), squares(200, 1, 2));
    VideoFolder.write(dir.resolve("v"), video, "squares", Map.of("test", "yes"));
    VideoFolder read = VideoFolder.open(dir.resolve("v"));
    assertEquals(12, read.size());
    assertEquals(VideoFolder.CLASS_NAMES, read.classNames());
    for (int t = 0; t < 12; t++) {
      assertArrayEquals(video.frame(t).image().pixels(), read.frame(t).image().pixels());
      assertArrayEquals(video.frame(t).labels().pixels(), read.frame(t).labels().pixels());
    }
    VideoFolder.Manifest m = VideoFolder.manifest(dir.resolve("v")).orElseThrow();
    assertEquals(video.spec(), m.spec());
    assertEquals(12, m.severity().length);
  }

  @Test
  void missingLabelIsNamed() throws Exception {
    VideoFolder.write(dir.resolve("v"), new MovingGarments(new VideoSpec(32, 5, 2, 1, 4),
        squares(200, 1, 2)), "squares", Map.of());
    Files.delete(dir.resolve("v/labels/00003.png"));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> VideoFolder.open(dir.resolve("v")));
    assertTrue(e.getMessage().contains("00003.png: frame has no label map 00003.png"),
        e.getMessage());
  }

  @Test
  void labelOfAnotherSizeIsNamed() {
    VideoFolder.write(dir.resolve("v"), new MovingGarments(new VideoSpec(32, 5, 2, 1, 4),
        squares(200, 1, 2)), "squares", Map.of());
    ImageFiles.writePng(dir.resolve("v/labels/00002.png"), Image.blank(32, 30, 1));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> VideoFolder.open(dir.resolve("v")));
    assertTrue(e.getMessage().contains("00002.png: is 32x30 but 00002.png is 32x32"),
        e.getMessage());
  }

  @Test
  void folderWithoutLabelsSaysHowToMakeOne() throws Exception {
    Files.createDirectories(dir.resolve("v/frames"));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> VideoFolder.open(dir.resolve("v")));
    assertTrue(e.getMessage().contains("ttt4j video make"), e.getMessage());
  }

  @Test
  void bounceStaysBetweenTheWalls() {
    Set<Long> seen = java.util.stream.IntStream.range(-500, 500)
        .mapToObj(i -> Math.round(MovingGarments.bounce(i * 0.37, 10, 30)))
        .collect(Collectors.toSet());
    assertTrue(seen.stream().allMatch(v -> v >= 10 && v <= 30), seen.toString());
    assertEquals(21, seen.size());
  }

  private static double meanAbsDiff(Image a, Image b) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      sum += Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF));
    }
    return sum / a.size();
  }
}
