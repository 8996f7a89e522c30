package org.ttt4j.ttt.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryTest {

  private final List<Integer> stream = IntStream.range(0, 40).boxed().toList();

  @Test
  void windowHoldsTheLastKFramesUpToAndIncludingTheCurrentOne() {
    Memory w = new Memory.Window(16, 1);
    assertEquals(List.of(0), w.pool(stream, 0));
    assertEquals(IntStream.rangeClosed(0, 9).boxed().toList(), w.pool(stream, 9));
    assertEquals(IntStream.rangeClosed(14, 29).boxed().toList(), w.pool(stream, 29));
    assertEquals(16, w.pool(stream, 39).size());
    assertEquals(39, w.pool(stream, 39).get(15));
  }

  @Test
  void onlineAndNoMemoryUseOnlyTheCurrentFrameAndOnlyNoMemoryResets() {
    assertEquals(List.of(7), new Memory.Online(1).pool(stream, 7));
    assertEquals(List.of(7), new Memory.NoMemory(1).pool(stream, 7));
    assertEquals(new Memory.Window(1, 1).pool(stream, 7), new Memory.Online(1).pool(stream, 7));
    assertTrue(new Memory.NoMemory(1).resetsAfterEachFrame());
    assertFalse(new Memory.Online(1).resetsAfterEachFrame());
    assertFalse(new Memory.Window(4, 1).resetsAfterEachFrame());
  }

  @Test
  void fixedAndOfflineTakeNoStepsPerFrame() {
    assertEquals(List.of(), new Memory.Fixed().pool(stream, 5));
    assertEquals(0, new Memory.Fixed().steps());
    assertEquals(List.of(), new Memory.Offline(1).pool(stream, 5));
    assertEquals(0, new Memory.Offline(2).steps());
  }

  @Test
  void badSizesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Memory.Window(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Memory.Online(0));
    assertThrows(IllegalArgumentException.class, () -> new Memory.Offline(0));
  }
}
