/**
 * The bridge between Java and libtorch: batches of images as {@code NDArray}s
 * ({@link org.ttt4j.tensor.Tensors}), host copies ({@link org.ttt4j.tensor.HostArrays}), the
 * native kernels of the fused MAE step and optimizers, and the process-wide native setup that
 * must run before the first {@code NDManager}: {@link org.ttt4j.tensor.MklDispatch#install()} and
 * {@link org.ttt4j.tensor.MallocTuning#install()}.
 */
package org.ttt4j.tensor;
