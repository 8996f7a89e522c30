/**
 * Test-time training: an {@link org.ttt4j.ttt.Adapter} lends a model to TTT (optimizer steps on
 * the MAE loss of random crops and masks, then predictions with the frozen head), a
 * {@link org.ttt4j.ttt.TttConfig} says how it learns, and a {@link org.ttt4j.ttt.Strategy} says
 * when to reset and which images feed each step (fixed, standard, online, window, offline). Each
 * sample's outcome is a {@link org.ttt4j.ttt.Prediction}. Adapters are {@code AutoCloseable} and
 * not thread-safe; docs/LIBRARY.md shows the whole loop.
 */
package org.ttt4j.ttt;
