package org.ttt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.data.corruptions.Severity;
import org.ttt4j.ttt.Sample;

class StreamsTest {

  static final Dataset TEST = FashionMnist.load(Split.TEST);
  static final List<Corruption> CS = List.of(Corruption.GAUSSIAN_NOISE, Corruption.CONTRAST,
      Corruption.PIXELATE);

  @Test
  void separateSamplesAreTheImagesThatCorruptWrites() {
    List<Sample> s = Streams.separate(TEST, Corruption.FOG, 5, 4, 9);
    for (int i = 0; i < 4; i++) {
      assertEquals(i, s.get(i).position());
      assertArrayEquals(Corruption.FOG.apply(TEST.get(i).image(), Severity.S5, 9, i).pixels(),
          s.get(i).image().pixels());
      assertEquals(TEST.get(i).label(), s.get(i).label());
    }
  }

  @Test
  void shuffledIsAPermutationOfConsecutive() {
    List<Sample> c = Streams.consecutive(TEST, CS, 5, 6, 1);
    List<Sample> s = Streams.shuffled(TEST, CS, 5, 6, 1);
    assertEquals(18, s.size());
    assertEquals(count(c), count(s));
    assertNotEquals(c.stream().map(Sample::corruption).toList(),
        s.stream().map(Sample::corruption).toList(), "the order is mixed");
    for (int i = 0; i < s.size(); i++) {
      assertEquals(i, s.get(i).position(), "positions follow the new order");
    }
  }

  @Test
  void everySampleNamesItsDatasetImageWhateverItsPosition() {
    for (Sample x : Streams.shuffled(TEST, CS, 5, 6, 1)) {
      Corruption c = Corruption.parse(x.corruption());
      int i = x.imageIndex();
      assertArrayEquals(c.apply(TEST.get(i).image(), Severity.S5, 1, i).pixels(),
          x.image().pixels(), "sample at " + x.position() + " is image " + i);
    }
    assertEquals(List.of(0, 1, 2, 0, 1, 2), Streams.consecutive(TEST, CS.subList(0, 2), 5, 3, 1)
        .stream().map(Sample::imageIndex).toList());
    assertEquals(List.of(0, 1, 2), Streams.continuous(TEST, Corruption.FOG, 3, 1).stream()
        .map(Sample::imageIndex).toList());
    assertEquals(List.of(0, 1, 2, 3), Streams.drift(TEST, CS, 5, 2, 1).stream()
        .map(Sample::imageIndex).toList(), "each pair of a blend on its own images");
    assertEquals(List.of(0, 1), Streams.clean(TEST, 2).stream().map(Sample::imageIndex).toList());
    int last = TEST.size() - 1;
    assertEquals(List.of(last - 1, last - 1, last, last), Streams.holdout(TEST, CS.subList(0, 2),
        5, 2, 10, 1).stream().map(Sample::imageIndex).toList());
  }

  @Test
  void gradualRisesAndShuffledLevelsKeepsTheSameSamplesPerBlock() {
    List<Sample> g = Streams.gradual(TEST, CS, 10, 1);
    assertEquals(30, g.size());
    for (int b = 0; b < 3; b++) {
      for (int i = 1; i < 10; i++) {
        assertTrue(g.get(b * 10 + i).severity() >= g.get(b * 10 + i - 1).severity());
      }
    }
    List<Sample> sl = Streams.shuffledLevels(TEST, CS, 10, 1);
    for (int b = 0; b < 3; b++) {
      assertEquals(count(g.subList(b * 10, b * 10 + 10)), count(sl.subList(b * 10, b * 10 + 10)));
    }
  }

  @Test
  void classOrderedIsSortedByLabelAndContinuousRisesFromOneToFive() {
    List<Sample> co = Streams.classOrdered(TEST, CS, 3, 20, 1);
    for (int i = 1; i < co.size(); i++) {
      assertTrue(co.get(i).label() >= co.get(i - 1).label());
    }
    List<Sample> ct = Streams.continuous(TEST, Corruption.CONTRAST, 9, 1);
    assertEquals(1, ct.get(0).severity());
    assertEquals(5, ct.get(8).severity());
    assertArrayEquals(Corruption.CONTRAST.apply(TEST.get(8).image(), Severity.S5, 1, 8).pixels(),
        ct.get(8).image().pixels(), "t = 5 is exactly level 5");
  }

  @Test
  void aBlendTurnsOneCorruptionIntoTheNextOnFreshImages() {
    List<Sample> b = Streams.drift(TEST, List.of(Corruption.FOG, Corruption.CONTRAST,
        Corruption.PIXELATE), 3, 5, 2);
    assertEquals(10, b.size(), "two pairs of 5");
    assertEquals("fog>contrast", b.get(0).corruption());
    assertEquals("contrast>pixelate", b.get(9).corruption());
    assertArrayEquals(Corruption.FOG.apply(TEST.get(0).image(), Severity.S3, 2, 0).pixels(),
        b.get(0).image().pixels(), "f = 0: the first corruption alone");
    assertArrayEquals(Corruption.CONTRAST.apply(TEST.get(4).image(), Severity.S3, 2, 4).pixels(),
        b.get(4).image().pixels(), "f = 1: the second alone");
    assertEquals(TEST.get(7).label(), b.get(7).label(), "the second pair on images 5..9");
    for (int i = 0; i < b.size(); i++) {
      assertEquals(i, b.get(i).position());
      assertEquals(3, b.get(i).severity());
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new StreamSpec(StreamSpec.Kind.BLEND, List.of(Corruption.FOG), 3, 5, 2),
        "one corruption cannot blend");
    assertEquals(10, new StreamSpec(StreamSpec.Kind.BLEND, List.of(Corruption.FOG,
        Corruption.CONTRAST, Corruption.PIXELATE), 3, 5, 2).build(TEST).get(0).size(),
        "one segment: the shift drifts, nothing resets");
  }

  private static Map<String, Integer> count(List<Sample> s) {
    Map<String, Integer> m = new HashMap<>();
    s.forEach(x -> m.merge(x.corruption() + "/" + x.severity() + "/" + x.label(), 1, Integer::sum));
    return m;
  }

  @Test
  void aBlendThatNeedsMoreImagesThanTheDataHasIsRefusedBeforeAnyIsCorrupted() {
    Dataset twenty = org.ttt4j.data.Slice.of(TEST, 0, 20);
    StreamSpec blend = new StreamSpec(StreamSpec.Kind.BLEND, CS, 5, 15, 0);
    assertEquals(30, blend.imagesUsed(), "15 per pair, two pairs");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> blend.build(twenty));
    assertTrue(e.getMessage().startsWith("--samples 15 per pair of the 3 blended corruptions"
        + " needs 30 images, more than the 20 images"), e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new StreamSpec(StreamSpec.Kind.SEPARATE, CS, 5, 15, 0).requireFits(twenty, 6));
    assertTrue(e.getMessage().contains("a held-out set of 6 images would overlap the 15"),
        e.getMessage());
  }
}
