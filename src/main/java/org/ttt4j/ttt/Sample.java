package org.ttt4j.ttt;

import org.ttt4j.data.Image;

/**
 * One element of a test stream: its position, the (possibly corrupted) image, the true label, and
 * what shift it carries ({@code corruption} "clean" with severity 0 for clean data).
 */
public record Sample(int position, Image image, int label, String corruption, int severity) {}
