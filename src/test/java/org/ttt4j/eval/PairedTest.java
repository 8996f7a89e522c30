package org.ttt4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.ttt.Sample;

class PairedTest {

  private static Evaluation.Record rec(String corruption, int position, int label, int... preds) {
    return new Evaluation.Record(0, position, corruption, 5, label, preds, new float[0], 0.1);
  }

  @Test
  void differenceIsTakenImageByImageOnTheSharedImagesOnly() {
    List<Evaluation.Record> b = new ArrayList<>();
    List<Evaluation.Record> a = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      b.add(rec("fog", i, 1, 0, i < 5 ? 1 : 0));           // b: right on images 0-4 at the end
      a.add(rec("fog", i, 1, 1, i < 8 ? 1 : 0));           // a: right on 0-7, and at step 0
    }
    a.add(rec("fog", 10, 1, 1, 1));                        // only in a: not paired
    Paired p = Paired.of(a, b);
    assertEquals(10, p.images());
    assertEquals(0.3, p.mean(), 1e-12);                    // images 5, 6, 7: +1 each
    double sd = Math.sqrt((3 * 0.7 * 0.7 + 7 * 0.3 * 0.3) / 9);
    assertEquals(1.959964 * sd / Math.sqrt(10), p.halfWidth(), 1e-9);
    assertEquals(1.0, p.perStep()[0], 1e-12);              // a right everywhere at step 0, b never
    assertEquals(0.0, p.perStepHalfWidth()[0], 1e-12);
    assertEquals(p.mean(), p.perStep()[1], 1e-12);         // the last step is step 1
  }

  @Test
  void theSameCorruptionAndPositionWithAnotherLabelIsRefused() {
    List<Evaluation.Record> a = List.of(rec("fog", 0, 1, 1), rec("fog", 1, 2, 2));
    List<Evaluation.Record> b = List.of(rec("fog", 0, 1, 1), rec("fog", 1, 3, 3));
    var e = assertThrows(IllegalArgumentException.class, () -> Paired.of(a, b));
    assertTrue(e.getMessage().contains("fog:5@1") && e.getMessage().contains("--samples")
        && e.getMessage().contains("matched by stream position"), e.getMessage());
  }

  @Test
  void runsWithoutSharedImagesAreRefused() {
    List<Evaluation.Record> a = List.of(rec("fog", 0, 1, 1), rec("fog", 1, 2, 2));
    List<Evaluation.Record> b = List.of(rec("snow", 0, 1, 1), rec("snow", 1, 2, 2));
    var e = assertThrows(IllegalArgumentException.class, () -> Paired.of(a, b));
    assertTrue(e.getMessage().contains("share 0 image"), e.getMessage());
  }

  @Test
  void theTableNamesEachRowAgainstTheFirstAndEveryFifthStep() {
    List<Evaluation.Record> base = new ArrayList<>();
    List<Evaluation.Record> other = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      base.add(rec("fog", i, 1, new int[21]));             // always wrong (label 1, predicts 0)
      int[] right = new int[21];
      java.util.Arrays.fill(right, 1);
      other.add(rec("fog", i, 1, right));
    }
    String md = Paired.markdown(List.of("base", "new"), List.of(base, other));
    assertTrue(md.contains("| new − base | 4 | +100.0 ± 0.0 | +100.0 ± 0.0 | +100.0 ± 0.0 |"
        + " +100.0 ± 0.0 |"), md);
    assertTrue(md.contains("| k=5 | k=10 | k=15 |"), md);
    assertThrows(IllegalArgumentException.class,
        () -> Paired.markdown(List.of("base"), List.of(base)));
  }

  /** A run's records over a stream's segments, right exactly on the images {@code right}. */
  private static List<Evaluation.Record> run(List<List<Sample>> segments, IntPredicate right) {
    List<Evaluation.Record> out = new ArrayList<>();
    for (int seg = 0; seg < segments.size(); seg++) {
      for (Sample s : segments.get(seg)) {
        int pred = right.test(s.imageIndex()) ? s.label() : s.label() + 1;
        out.add(new Evaluation.Record(seg, s.position(), s.corruption(), s.severity(), s.label(),
            new int[] {pred}, new float[0], 0.1, null, s.imageIndex()));
      }
    }
    return out;
  }

  @Test
  void aSeparateRunPairsWithAShuffledOrConsecutiveRunOfTheSameImagesImageByImage() {
    List<Corruption> cs = StreamsTest.CS;
    List<List<Sample>> separate = cs.stream()
        .map(c -> Streams.separate(StreamsTest.TEST, c, 5, 6, 1)).toList();
    List<List<Sample>> shuffled = List.of(Streams.shuffled(StreamsTest.TEST, cs, 5, 6, 1));
    List<List<Sample>> consecutive = List.of(Streams.consecutive(StreamsTest.TEST, cs, 5, 6, 1));
    List<Evaluation.Record> a = run(shuffled, i -> i % 3 == 0);
    List<Evaluation.Record> b = run(separate, i -> i % 2 == 0);
    // per corruption, images 0..5: (i % 3 == 0) − (i % 2 == 0) = 0, 0, −1, +1, −1, 0
    Paired p = Paired.of(a, b);
    assertEquals(Paired.Match.IMAGE, p.matchedBy());
    assertEquals(18, p.images(), "every image of every corruption, whatever its position");
    assertEquals(-1.0 / 6, p.mean(), 1e-12);
    Paired q = Paired.of(run(consecutive, i -> i % 3 == 0), b);
    assertEquals(18, q.images(), "all three blocks, not only the first corruption's");
    assertEquals(-1.0 / 6, q.mean(), 1e-12);
    String md = Paired.markdown(List.of("separate", "shuffled"), List.of(b, a));
    assertTrue(md.contains("| shuffled − separate | 18 | -16.7 ± ")
        && md.contains("matched by corruption, level and dataset image."), md);
  }

  @Test
  void recordsWithoutAnImageIndexStillPairByPositionAndSaySo() {
    List<Evaluation.Record> old = new ArrayList<>();
    List<Evaluation.Record> fresh = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      old.add(rec("fog", i, 1, i < 2 ? 1 : 0));                    // written before `image`
      fresh.add(new Evaluation.Record(0, i, "fog", 5, 1, new int[] {1}, new float[0], 0.1,
          null, 3 - i));                                           // names its image
    }
    Paired p = Paired.of(fresh, old);
    assertEquals(Paired.Match.POSITION, p.matchedBy());
    assertEquals(4, p.images());
    assertEquals(0.5, p.mean(), 1e-12);                            // positions 2 and 3
    assertEquals(Paired.Match.POSITION, Paired.of(old, old).matchedBy());
    String md = Paired.markdown(List.of("old", "fresh"), List.of(old, fresh));
    assertTrue(md.contains("matched by corruption, level and stream position"), md);
  }

  @Test
  void aRunThatNamesAnImageTwiceUnderOneShiftIsPairedByPosition() {
    List<Evaluation.Record> twice = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      twice.add(new Evaluation.Record(0, i, "fog", 5, 1, new int[] {1}, new float[0], 0.1, null,
          i % 2));
    }
    assertEquals(Paired.Match.POSITION, Paired.of(twice, twice).matchedBy());
    assertEquals(4, Paired.of(twice, twice).images());
  }
}
