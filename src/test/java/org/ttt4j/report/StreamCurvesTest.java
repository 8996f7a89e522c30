package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttt4j.eval.Evaluation;

class StreamCurvesTest {

  private static Evaluation.Record at(int position, String corruption, int level) {
    return new Evaluation.Record(0, position, corruption, level, 0, new int[] {0}, new float[0],
        0.1);
  }

  private static StreamCurves.Segment only(List<Evaluation.Record> records) {
    return StreamCurves.segments("online", Color.BLUE, records, List.of()).values().iterator()
        .next();
  }

  @Test
  void aGradualStreamIsMarkedPerCorruptionNotCalledMixed() {
    // 5 corruptions, each through levels 1..5, 2 samples a level: 25 shifts in turn, one segment
    List<String> corruptions = List.of("gaussian_noise", "motion_blur", "zoom_blur", "contrast",
        "pixelate");
    List<Evaluation.Record> records = new ArrayList<>();
    for (String c : corruptions) {
      for (int level = 1; level <= 5; level++) {
        for (int i = 0; i < 2; i++) {
          records.add(at(records.size(), c, level));
        }
      }
    }

    StreamCurves.Segment s = only(records);

    assertEquals("segment 0: 25 shifts", s.title(), "the shifts come in turn, not mixed");
    assertEquals(List.of(new StreamCurves.Block(0, 10, "gaussian_noise, levels 1–5"),
        new StreamCurves.Block(10, 20, "motion_blur, levels 1–5"),
        new StreamCurves.Block(20, 30, "zoom_blur, levels 1–5"),
        new StreamCurves.Block(30, 40, "contrast, levels 1–5"),
        new StreamCurves.Block(40, 50, "pixelate, levels 1–5")), StreamCurves.marked(s));
  }

  @Test
  void aShuffledStreamIsMixedAndUnmarked() {
    List<Evaluation.Record> records = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      records.add(at(i, i % 3 == 0 ? "fog" : i % 3 == 1 ? "contrast" : "pixelate", 5));
    }

    StreamCurves.Segment s = only(records);

    assertEquals("segment 0: 3 shifts, mixed", s.title());
    assertEquals(List.of(), StreamCurves.marked(s), "60 changes are not drawn one by one");
  }

  @Test
  void aFewBlocksAreMarkedAsTheyAre() {
    List<Evaluation.Record> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(at(i, i < 10 ? "fog" : "contrast", 5));
    }

    assertEquals(List.of(new StreamCurves.Block(0, 10, "fog:5"),
        new StreamCurves.Block(10, 20, "contrast:5")), StreamCurves.marked(only(records)));
  }
}
