/**
 * Images and datasets, in pure Java: 8-bit {@link org.ttt4j.data.Image}s (HWC), labelled
 * {@link org.ttt4j.data.Dataset}s (Fashion-MNIST, CIFAR binaries, image folders, npy, ...),
 * PNG/JPEG files ({@link org.ttt4j.data.ImageFiles}), resizing, crops and flips, and the
 * per-channel {@link org.ttt4j.data.Normalize} that turns an image into the model's floats.
 * Nothing here holds native memory. A file that cannot be read is a
 * {@link org.ttt4j.data.MalformedDataException} naming the file and the fix.
 */
package org.ttt4j.data;
