package org.ttt4j.data;

/** An image with its class label (0-based; -1 when the label is unknown). */
public record LabeledImage(Image image, int label) {}
