/**
 * The optimizers, with PyTorch's update rules: {@link org.ttt4j.optim.Sgd} (momentum, L2 weight
 * decay) and {@link org.ttt4j.optim.AdamW}, chosen by an {@link org.ttt4j.optim.OptimizerConfig}
 * value. Each keeps its state in a sub-manager of the one it is given and is {@code
 * AutoCloseable}; {@link org.ttt4j.optim.OptimizerState} saves and restores that state.
 */
package org.ttt4j.optim;
