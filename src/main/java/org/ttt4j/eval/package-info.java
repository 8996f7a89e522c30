/**
 * Measuring: top-1 {@link org.ttt4j.eval.Accuracy} of a fixed model, the test streams of
 * {@code ttt4j eval} ({@link org.ttt4j.eval.Streams}, {@link org.ttt4j.eval.StreamSpec}), a whole
 * run with its records on disk ({@link org.ttt4j.eval.Evaluation}), and the summaries, Wilson
 * intervals and paired comparisons of the results tables ({@link org.ttt4j.eval.Summary},
 * {@link org.ttt4j.eval.Wilson}, {@link org.ttt4j.eval.Paired}).
 */
package org.ttt4j.eval;
