package org.ttt4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The CIFAR-10 / CIFAR-100 binary version (https://www.cs.toronto.edu/~kriz/cifar.html): records of
 * label byte(s) then 3072 bytes of 32x32 RGB in CHW order. CIFAR-100 records carry a coarse and a
 * fine label; the fine one is used. Each batch file is read once into memory.
 */
public final class CifarBinary implements Dataset {

  private static final int SIDE = 32;
  private static final int PIXELS = 3 * SIDE * SIDE;

  /** The two variants and their record layout. */
  public enum Variant {
    CIFAR10(1, "batches.meta.txt"), CIFAR100(2, "fine_label_names.txt");

    private final int labelBytes;
    private final String namesFile;

    Variant(int labelBytes, String namesFile) {
      this.labelBytes = labelBytes;
      this.namesFile = namesFile;
    }

    int recordBytes() {
      return labelBytes + PIXELS;
    }
  }

  private final Variant variant;
  private final List<byte[]> batches;
  private final int perBatch;
  private final List<String> classNames;
  private final String source;

  private CifarBinary(Variant variant, List<byte[]> batches, List<String> names, String source) {
    this.variant = variant;
    this.batches = batches;
    this.perBatch = batches.get(0).length / variant.recordBytes();
    this.classNames = names;
    this.source = source;
  }

  /**
   * Opens the given batch files (e.g. {@code data_batch_1.bin .. data_batch_5.bin}); class names come
   * from the variant's names file next to the first batch, or are "0".."N-1" when it is missing.
   */
  public static CifarBinary open(Variant variant, List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no CIFAR batch files given; pass e.g. data_batch_1.bin");
    }
    List<byte[]> batches = new ArrayList<>();
    int perBatch = -1;
    for (Path f : files) {
      byte[] b = readAll(f);
      if (b.length == 0 || b.length % variant.recordBytes() != 0) {
        throw new MalformedDataException(f, b.length + " bytes is not a whole number of "
            + variant.recordBytes() + "-byte " + variant + " records", "the file is truncated or"
            + " of the other CIFAR variant; download it again or pick the right variant");
      }
      if (perBatch >= 0 && b.length / variant.recordBytes() != perBatch) {
        throw new MalformedDataException(f, "holds " + b.length / variant.recordBytes()
            + " records, other batches " + perBatch, "use batches of one size");
      }
      perBatch = b.length / variant.recordBytes();
      requireLabels(variant, f, b);
      batches.add(b);
    }
    Path namesFile = files.get(0).toAbsolutePath().getParent().resolve(variant.namesFile);
    List<String> names = Files.isRegularFile(namesFile) ? readNames(namesFile)
        : IntStream.range(0, variant == Variant.CIFAR10 ? 10 : 100).mapToObj(Integer::toString).toList();
    return new CifarBinary(variant, batches, names, files.get(0).toString()
        + (files.size() > 1 ? " (+" + (files.size() - 1) + " batches)" : ""));
  }

  /**
   * Every record's label is one of the variant's classes (10 or 100): another byte there means
   * the file is corrupt, or not of this variant, whose record length it happens to divide.
   */
  private static void requireLabels(Variant variant, Path f, byte[] b) {
    int classes = variant == Variant.CIFAR10 ? 10 : 100;
    for (int r = 0, at = variant.labelBytes - 1; at < b.length; r++, at += variant.recordBytes()) {
      int label = b[at] & 0xFF;
      if (label >= classes) {
        throw new MalformedDataException(f, "record " + r + " has label " + label + ", but "
            + variant + " has " + classes + " classes", "the file is corrupt or not a " + variant
            + " batch; download it again or pick the right variant");
      }
    }
  }

  @Override
  public int size() {
    return perBatch * batches.size();
  }

  @Override
  public LabeledImage get(int index) {
    java.util.Objects.checkIndex(index, size());
    byte[] b = batches.get(index / perBatch);
    int off = (index % perBatch) * variant.recordBytes();
    int label = b[off + variant.labelBytes - 1] & 0xFF;
    int px = off + variant.labelBytes;
    byte[] hwc = new byte[PIXELS];
    int plane = SIDE * SIDE;
    for (int p = 0; p < plane; p++) { // CHW -> HWC
      hwc[p * 3] = b[px + p];
      hwc[p * 3 + 1] = b[px + plane + p];
      hwc[p * 3 + 2] = b[px + 2 * plane + p];
    }
    return new LabeledImage(new Image(SIDE, SIDE, 3, hwc), label);
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public String source() {
    return source;
  }

  private static List<String> readNames(Path file) {
    try {
      return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new MalformedDataException(f, "file not found", "check the path");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }
}
