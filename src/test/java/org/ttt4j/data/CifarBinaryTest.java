package org.ttt4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {

  @TempDir Path dir;

  @Test
  void recordsAreConvertedFromChwToHwc() throws IOException {
    byte[] rec = new byte[2 * 3073];
    rec[0] = 4;
    rec[1] = 10; // R of pixel (0,0)
    rec[1 + 1024] = 20; // G
    rec[1 + 2048 + 33] = 30; // B of pixel (1,1)
    rec[3073] = 6;
    Files.write(dir.resolve("data_batch_1.bin"), rec);
    Files.write(dir.resolve("batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n".getBytes());
    CifarBinary d = CifarBinary.open(CifarBinary.Variant.CIFAR10, List.of(dir.resolve("data_batch_1.bin")));
    assertEquals(2, d.size());
    assertEquals(4, d.get(0).label());
    assertEquals(10, d.get(0).image().get(0, 0, 0));
    assertEquals(20, d.get(0).image().get(0, 0, 1));
    assertEquals(30, d.get(0).image().get(1, 1, 2));
    assertEquals("g", d.classNames().get(d.get(1).label()));
  }

  @Test
  void partialRecordIsReported() throws IOException {
    Files.write(dir.resolve("test_batch.bin"), new byte[3073 + 5]);
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> CifarBinary.open(CifarBinary.Variant.CIFAR10, List.of(dir.resolve("test_batch.bin"))));
    assertTrue(e.getMessage().contains("test_batch.bin: 3078 bytes is not a whole number of 3073-byte"),
        e.getMessage());
  }
  @Test
  void aLabelOutsideTheVariantsClassesIsReported() throws IOException {
    // was read as class "12" (a png folder 12_12), for a CIFAR-10 batch of 10 classes
    byte[] rec = new byte[2 * 3073];
    rec[3073] = 12;
    Files.write(dir.resolve("test_batch.bin"), rec);
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> CifarBinary.open(CifarBinary.Variant.CIFAR10, List.of(dir.resolve("test_batch.bin"))));
    assertTrue(e.getMessage().contains("test_batch.bin: record 1 has label 12, but CIFAR10 has 10"
        + " classes"), e.getMessage());
  }
}
