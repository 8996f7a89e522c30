package org.ttt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParamGroupTest {

  @Test
  void firstBlocksSelectsThePatchEmbeddingTheClsTokenAndTheFirstBlocks() {
    ParamGroup g = ParamGroup.parse("first2", 6);
    assertEquals("first2", g.id());
    assertTrue(g.contains("patch_embed.proj.weight"));
    assertTrue(g.contains("cls_token"));
    assertTrue(g.contains("blocks.0.attn.qkv.weight"));
    assertTrue(g.contains("blocks.1.norm1.bias"));
    assertFalse(g.contains("blocks.2.attn.qkv.weight"));
    assertFalse(g.contains("blocks.10.mlp.fc1.weight"));
    assertFalse(g.contains("norm.weight"));
    assertFalse(g.contains("mask_token"));
    assertFalse(g.contains("decoder_blocks.0.attn.qkv.weight"));
    assertFalse(g.contains("head.weight"));
  }

  @Test
  void lastBlocksStillSelectsTheLastBlocksAndTheEncoderNorm() {
    ParamGroup g = ParamGroup.parse("last2", 6);
    assertTrue(g.contains("blocks.4.attn.qkv.weight"));
    assertTrue(g.contains("norm.weight"));
    assertFalse(g.contains("blocks.3.attn.qkv.weight"));
    assertFalse(g.contains("patch_embed.proj.weight"));
  }

  @Test
  void aBlockCountOutsideTheEncoderIsRefusedWithTheDepth() {
    var e = assertThrows(IllegalArgumentException.class, () -> ParamGroup.parse("first7", 6));
    assertTrue(e.getMessage().contains("depth 6") && e.getMessage().contains("got 7"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ParamGroup.parse("first0", 6));
    var unknown = assertThrows(IllegalArgumentException.class, () -> ParamGroup.parse("firsts", 6));
    assertTrue(unknown.getMessage().contains("firstN"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ParamGroup.parse("last99999999999", 6));
  }
}
