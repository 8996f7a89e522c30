package org.ttt4j.model;

/**
 * Which parameters learn. TTT-MAE adapts the encoder (with the mask token) and keeps the decoder
 * and the head frozen: the official {@code finetune_mode='encoder'}.
 */
public sealed interface ParamGroup {

  /** Whether the parameter of this reference name belongs to the group. */
  boolean contains(String name);

  /** A short name for manifests and the CLI. */
  String id();

  /** Encoder (patch embedding, cls token, blocks, norm) and mask token: the TTT default. */
  record Encoder() implements ParamGroup {
    @Override
    public boolean contains(String name) {
      return !isHead(name) && (!name.startsWith("decoder") || name.equals("mask_token"));
    }

    @Override
    public String id() {
      return "encoder";
    }
  }

  /** Encoder, mask token and decoder: all of the MAE, none of the head. */
  record EncoderDecoder() implements ParamGroup {
    @Override
    public boolean contains(String name) {
      return !isHead(name);
    }

    @Override
    public String id() {
      return "encoder+decoder";
    }
  }

  /** Only the LayerNorm weights and biases of the encoder (a cheap, stable adaptation). */
  record NormsOnly() implements ParamGroup {
    @Override
    public boolean contains(String name) {
      return new Encoder().contains(name) && name.matches("(blocks\\.\\d+\\.)?norm\\d?\\..*");
    }

    @Override
    public String id() {
      return "norms";
    }
  }

  /** The last {@code n} encoder blocks and the encoder norm. */
  record LastBlocks(int n, int depth) implements ParamGroup {
    public LastBlocks {
      requireBlockCount("last", n, depth);
    }

    @Override
    public boolean contains(String name) {
      if (name.startsWith("norm.")) {
        return true;
      }
      if (!name.startsWith("blocks.")) {
        return false;
      }
      return blockIndex(name) >= depth - n;
    }

    @Override
    public String id() {
      return "last" + n;
    }
  }

  /**
   * The input side of the encoder: patch embedding, cls token and the first {@code n} blocks.
   * Low-level shifts (noise, blur) act on the pixels; this adapts the layers that read them and
   * keeps the deeper features the head was trained on.
   */
  record FirstBlocks(int n, int depth) implements ParamGroup {
    public FirstBlocks {
      requireBlockCount("first", n, depth);
    }

    @Override
    public boolean contains(String name) {
      if (name.startsWith("patch_embed.") || name.equals("cls_token")) {
        return true;
      }
      return name.startsWith("blocks.") && blockIndex(name) < n;
    }

    @Override
    public String id() {
      return "first" + n;
    }
  }

  /** Encoder and head, no decoder: a plain supervised ViT. */
  record EncoderAndHead() implements ParamGroup {
    @Override
    public boolean contains(String name) {
      return isHead(name) || (new Encoder().contains(name) && !name.equals("mask_token"));
    }

    @Override
    public String id() {
      return "encoder+head";
    }
  }

  /** The main-task head only (probing). */
  record Head() implements ParamGroup {
    @Override
    public boolean contains(String name) {
      return isHead(name);
    }

    @Override
    public String id() {
      return "head";
    }
  }

  /** Every parameter: joint training. */
  record All() implements ParamGroup {
    @Override
    public boolean contains(String name) {
      return true;
    }

    @Override
    public String id() {
      return "all";
    }
  }

  /**
   * Parses {@code encoder}, {@code encoder+decoder}, {@code norms}, {@code lastN}, {@code firstN},
   * {@code head}, {@code all}.
   */
  static ParamGroup parse(String id, int depth) {
    return switch (id) {
      case "encoder" -> new Encoder();
      case "encoder+decoder", "all-mae" -> new EncoderDecoder();
      case "norms" -> new NormsOnly();
      case "head" -> new Head();
      case "all" -> new All();
      default -> {
        if (id.matches("last\\d{1,4}")) {
          yield new LastBlocks(Integer.parseInt(id.substring(4)), depth);
        }
        if (id.matches("first\\d{1,4}")) {
          yield new FirstBlocks(Integer.parseInt(id.substring(5)), depth);
        }
        throw new IllegalArgumentException("unknown parameter group '" + id + "'; valid: encoder,"
            + " encoder+decoder, norms, lastN (e.g. last2), firstN (e.g. first2), head, all");
      }
    };
  }

  private static void requireBlockCount(String side, int n, int depth) {
    if (n < 1 || n > depth) {
      throw new IllegalArgumentException(side + "-blocks count must be between 1 and the encoder"
          + " depth " + depth + ", got " + n);
    }
  }

  /** The block index of a {@code blocks.<i>.} name. */
  private static int blockIndex(String name) {
    return Integer.parseInt(name.substring(7, name.indexOf('.', 7)));
  }

  private static boolean isHead(String name) {
    return name.startsWith("head.") || name.startsWith("bn.");
  }
}
