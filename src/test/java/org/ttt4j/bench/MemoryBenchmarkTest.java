package org.ttt4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBenchmarkTest {

  @Test
  void anOnlineRunLeavesNoNativeArrayBehindAndReportsEverySample() {
    List<MemoryBenchmark.Point> seen = new ArrayList<>();
    MemoryBenchmark.Result r = MemoryBenchmark.run("micro", 4, 2, 60, 20, seen::add);
    assertEquals(List.of(20, 40, 60), r.points().stream().map(MemoryBenchmark.Point::steps)
        .toList());
    assertEquals(r.points(), seen, "progress sees each sample as it is taken");
    assertEquals(0, r.arrayGrowth(), "live arrays after 20 and after 60 steps");
    assertTrue(r.points().get(0).liveArrays() > 0, "the model's own arrays are counted");
    assertTrue(r.points().stream().allMatch(p -> p.rssMiB() > 0 && p.secondsPerStep() > 0));
  }

  @Test
  void tooFewStepsForTwoSamplesIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> MemoryBenchmark.run("micro", 4, 2, 30, 20, p -> { }));
  }
}
