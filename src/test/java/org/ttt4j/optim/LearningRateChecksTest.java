package org.ttt4j.optim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A learning rate set during a run is checked as the one given at construction: SGD keeps its
 * momentum buffer multiplied by the rate, so a rate of 0 would silently erase it and the run
 * would leave PyTorch's trajectory; a negative or NaN rate would quietly ascend or poison the
 * weights.
 */
class LearningRateChecksTest {

  @Test
  void sgdRefusesARateItCannotFollowTorchWith() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.ones(new Shape(3));
      try (Sgd sgd = new Sgd(List.of(p), 0.1, 0.9, 0, m)) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> sgd.setLearningRate(0));
        assertTrue(e.getMessage().contains("got 0.0; the momentum buffer is kept scaled by the"
            + " rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-0.1));
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class,
            () -> sgd.setLearningRate(Double.POSITIVE_INFINITY));
        assertEquals(0.1, sgd.learningRate(), "a refused rate changes nothing");
        sgd.setLearningRate(0.05);
        assertEquals(0.05, sgd.learningRate());
      }
    }
  }

  @Test
  void adamwTakesZeroButNotANegativeOrNanRate() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.ones(new Shape(3));
      try (AdamW adamw = new AdamW(List.of(p), List.of(true), 1e-3, 0.9, 0.999, 1e-8, 0, m)) {
        assertDoesNotThrow(() -> adamw.setLearningRate(0));       // warm-up from 0
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> adamw.setLearningRate(-1e-3));
        assertTrue(e.getMessage().contains("must be a number >= 0, got -0.001"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adamw.setLearningRate(Double.NaN));
        assertEquals(0.0, adamw.learningRate());
      }
    }
  }

  @Test
  void theConstructorsRefuseANanOrInfiniteRateAsSetLearningRateDoes() {
    // was: new Sgd(..., NaN, ...) and new AdamW(..., Infinity, ...) were made, and their first
    // step wrote NaN into every weight, while setLearningRate refused the same rates
    try (NDManager m = NDManager.newBaseManager()) {
      List<NDArray> p = List.of(m.ones(new Shape(3)));
      for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, bad, 0.9, 0, m).close(),
            "SGD lr " + bad);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1, bad, 0, m).close(),
            "SGD momentum " + bad);
        assertThrows(IllegalArgumentException.class,
            () -> new AdamW(p, List.of(true), bad, 0.9, 0.999, 1e-8, 0, m).close(),
            "AdamW lr " + bad);
        assertThrows(IllegalArgumentException.class,
            () -> new AdamW(p, List.of(true), 1e-3, bad, 0.999, 1e-8, 0, m).close(),
            "AdamW beta1 " + bad);
      }
    }
  }
}
