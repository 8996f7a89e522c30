package org.ttt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Slice;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;

/** Misuse of the eval package's builders is refused with a message naming the value. */
class EvalMisuseTest {

  static final Dataset FEW = Slice.of(FashionMnist.load(Split.TEST), 0, 3);
  static final List<Corruption> CS = List.of(Corruption.FOG, Corruption.CONTRAST);

  @Test
  void measureRefusesABatchBelowOne() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 5)) {
      for (int batch : new int[] {0, -1}) {     // 0 asked for empty batches, -1 "Illegal Capacity"
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Accuracy.measure(model, FEW, batch, done -> { }));
        assertTrue(e.getMessage().startsWith("Accuracy.measure needs a batch of at least 1 image,"
            + " got " + batch), e.getMessage());
      }
      assertEquals(3, Accuracy.measure(model, FEW, 2, done -> { }).total());
    }
  }

  @Test
  void everyStreamBuilderRefusesANegativeCountByName() {
    Map<String, Supplier<List<?>>> builders = Map.of(
        "separate", () -> Streams.separate(FEW, Corruption.FOG, 5, -1, 0),
        "consecutive", () -> Streams.consecutive(FEW, CS, 5, -1, 0),
        "shuffled", () -> Streams.shuffled(FEW, CS, 5, -1, 0),
        "gradual", () -> Streams.gradual(FEW, CS, -5, 0),
        "shuffledLevels", () -> Streams.shuffledLevels(FEW, CS, -5, 0),
        "classOrdered", () -> Streams.classOrdered(FEW, CS, 5, -1, 0),
        "continuous", () -> Streams.continuous(FEW, Corruption.FOG, -1, 0),
        "drift", () -> Streams.drift(FEW, CS, 5, -1, 0),
        "clean", () -> Streams.clean(FEW, -1));
    builders.forEach((name, build) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get, name);
      assertTrue(e.getMessage().startsWith("Streams." + name + " needs n >= 0"), e.getMessage());
      assertTrue(e.getMessage().contains("got -"), e.getMessage());
    });
    assertEquals(0, Streams.separate(FEW, Corruption.FOG, 5, 0, 0).size(), "n = 0 is empty");
  }

  /**
   * shuffledLevels of no corruption divided by zero, drift of none asked for a negative capacity,
   * and drift of one returned an empty stream without a word.
   */
  @Test
  void streamBuildersRefuseTooFewCorruptionsByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Streams.shuffledLevels(FEW, List.of(), 5, 0));
    assertTrue(e.getMessage().startsWith("Streams.shuffledLevels needs at least one corruption,"
        + " got none"), e.getMessage());
    for (List<Corruption> cs : List.of(List.<Corruption>of(), List.of(Corruption.FOG))) {
      e = assertThrows(IllegalArgumentException.class, () -> Streams.drift(FEW, cs, 5, 1, 0));
      assertTrue(e.getMessage().startsWith("Streams.drift needs at least two corruptions (it"
          + " turns each into the next), got " + cs.size()), e.getMessage());
    }
    assertEquals(1, Streams.drift(FEW, CS, 5, 1, 0).size(), "two corruptions: one pair");
  }

  @Test
  void aRecordPrintsAndComparesItsArraysByContent() {
    Evaluation.Record r = new Evaluation.Record(1, 2, "fog", 5, 7, new int[] {1, 7},
        new float[] {0.5f}, 0.25, new float[] {0.1f, 0.9f});
    Evaluation.Record same = new Evaluation.Record(1, 2, "fog", 5, 7, new int[] {1, 7},
        new float[] {0.5f}, 0.25, new float[] {0.1f, 0.9f});
    assertEquals("Record[segment=1, position=2, corruption=fog, severity=5, label=7,"
        + " predictions=[1, 7], losses=[0.5], seconds=0.25, confidences=[0.1, 0.9], image=null]",
        r.toString());
    assertEquals(same, r);
    assertEquals(same.hashCode(), r.hashCode());
    assertNotEquals(r, r.inSegment(2));
    assertTrue(new Evaluation.Record(1, 2, "fog", 5, 7, new int[] {7}, new float[0], 0)
        .toString().endsWith("confidences=null, image=null]"),
        "older records have no confidences or image");
    Evaluation.Record four = new Evaluation.Record(1, 2, "fog", 5, 7, new int[] {1, 7},
        new float[] {0.5f}, 0.25, new float[] {0.1f, 0.9f}, 4);
    assertNotEquals(r, four);
    assertEquals(4, four.inSegment(2).image());
  }
}
