/**
 * The network: {@link org.ttt4j.model.YShapedVit} (an MAE encoder shared by the MAE decoder and a
 * classification head) built from {@link org.ttt4j.model.MaeConfig}, its named
 * {@link org.ttt4j.model.Weights}, and {@link org.ttt4j.model.Checkpoint} files (safetensors with
 * the config in the metadata).
 *
 * <p>Tensors here are DJL {@code NDArray}s in native memory; every model lives under an {@code
 * NDManager} and is {@code AutoCloseable}. Inputs are normalised float batches {@code [N, C, H,
 * W]} of the config's size; this package reads no images (the data package does), so callers
 * that start from images use eval's {@code Accuracy}, ttt's {@code Adapter} or
 * {@link org.ttt4j.tensor.Tensors#batch}. A model is not thread-safe.
 */
package org.ttt4j.model;
