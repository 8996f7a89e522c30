package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  @TempDir Path dir;

  @Test
  void saveThenLoadIsBitwiseAndKeepsConfigAndProvenance() {
    Path file = dir.resolve("m.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 42)) {
      Checkpoint.save(model, file, Map.of("recipe", "test"));
      try (YShapedVit back = Checkpoint.load(file, m)) {
        assertEquals(model.config(), back.config());
        model.weights().all().forEach((name, a) -> assertArrayEquals(
            a.toFloatArray(), back.weights().all().get(name).toFloatArray(), name));
      }
    }
    Map<String, String> meta = Checkpoint.metadata(file);
    assertEquals("test", meta.get("recipe"));
    assertEquals(Checkpoint.FORMAT, meta.get("format"));
    try (var files = assertDoesNotThrowList()) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temp file left");
    }
  }

  private java.util.stream.Stream<Path> assertDoesNotThrowList() {
    try {
      return Files.list(dir);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void loadingIntoAnotherConfigNamesTheDifferences() {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit small = YShapedVit.create(MaeConfig.micro(), m, 1);
        YShapedVit other = YShapedVit.create(
            MaeConfig.micro().withHead(HeadType.VIT_PROBE, 1), m, 1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> other.weights().load(small.weights().toTensors(), "file x"));
      assertTrue(e.getMessage().contains("missing"), e.getMessage());
      assertTrue(e.getMessage().contains("head.blocks.0.attn.qkv.weight"), e.getMessage());
      assertTrue(e.getMessage().contains("unexpected"), e.getMessage());
      assertTrue(e.getMessage().contains("bn.running_mean"), e.getMessage());
    }
  }

  @Test
  void aFolderIsRefusedWithTheCheckpointFileToGive() throws IOException {
    Path run = Files.createDirectories(dir.resolve("run"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 1)) {
      Checkpoint.save(model, run.resolve("model.safetensors"), Map.of());
    }
    try (NDManager m = NDManager.newBaseManager()) {   // gave "cannot read run: Is a directory"
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Checkpoint.load(run, m));
      assertEquals("checkpoint " + run + " is a folder; give the checkpoint file in it, "
          + run.resolve("model.safetensors"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.metadata(run));
      assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(empty, m));
      assertTrue(e.getMessage().startsWith("checkpoint " + empty + " is a folder without"
          + " model.safetensors; give a checkpoint file"), e.getMessage());
    }
  }

  @Test
  void truncatedFileIsRefusedWithItsName() throws IOException {
    Path file = dir.resolve("t.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(MaeConfig.micro(), m, 1)) {
      Checkpoint.save(model, file, Map.of());
    }
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 100));
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Checkpoint.load(file, m));
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
  }

  @Test
  void halfPrecisionValuesDecode() {
    assertEquals(1.0f, Safetensors.halfToFloat((short) 0x3C00));
    assertEquals(-2.0f, Safetensors.halfToFloat((short) 0xC000));
    assertEquals(65504f, Safetensors.halfToFloat((short) 0x7BFF));
    assertEquals(0x1p-24f, Safetensors.halfToFloat((short) 0x0001));
  }
}
