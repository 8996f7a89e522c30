package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;

/**
 * One corruption at one severity: clean uint8 image in, corrupted uint8 image out (same shape).
 * Every random draw comes from {@code rng}; side-dependent quantities come from the image itself.
 */
@FunctionalInterface
interface Kernel {
  Image apply(Image clean, Severity severity, ParamTable table, RandomGenerator rng);
}
