/**
 * The ImageNet-C corruptions (Hendrycks and Dietterich, 2019) in pure Java:
 * {@link org.ttt4j.data.corruptions.Corruption} (the 15 of the benchmark and 4 extras) at a
 * {@link org.ttt4j.data.corruptions.Severity} of 1 to 5, applied image by image with a seed
 * derived from (root seed, image index, corruption, severity), so that any image of a written set
 * can be made again alone; {@link org.ttt4j.data.corruptions.CorruptedDataset} is a dataset seen
 * through one corruption. Parameters follow the reference's tables for 224, 64 and 32 pixel sides
 * (28 uses 32's); the known deviations are in docs/CORRUPTIONS.md.
 */
package org.ttt4j.data.corruptions;
