package org.ttt4j.model.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ttt4j.model.Safetensors;

/**
 * How the tensors of a MAE are named in a file. ttt4j's own names are the official ones, so only
 * Hugging Face's need a map; it is applied in both directions.
 */
public enum NameScheme {
  /**
   * facebookresearch/mae and timm, and TTT-MAE (which adds {@code bn.*} and {@code head.*}):
   * {@code patch_embed.proj.weight}, {@code blocks.N.attn.qkv.weight}, {@code decoder_blocks.N...}.
   */
  OFFICIAL,
  /**
   * Hugging Face {@code ViTMAEForPreTraining}: {@code vit.embeddings.*},
   * {@code vit.encoder.layer.N.attention.attention.query|key|value.*} (q, k and v apart),
   * {@code decoder.decoder_layers.N...}; it has no classification head.
   */
  HUGGING_FACE;

  /** The scheme of a state dict, by its names. */
  static NameScheme detect(Map<String, ?> tensors) {
    return tensors.keySet().stream().anyMatch(k -> k.startsWith("vit.") || k.startsWith(
        "decoder.decoder_")) ? HUGGING_FACE : OFFICIAL;
  }

  // block-internal names: official -> Hugging Face (q/k/v handled apart)
  private static final Map<String, String> BLOCK = Map.of(
      "norm1", "layernorm_before",
      "norm2", "layernorm_after",
      "attn.proj", "attention.output.dense",
      "mlp.fc1", "intermediate.dense",
      "mlp.fc2", "output.dense");

  private static final Map<String, String> TOP = orderedTop();

  private static Map<String, String> orderedTop() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cls_token", "vit.embeddings.cls_token");
    m.put("pos_embed", "vit.embeddings.position_embeddings");
    m.put("patch_embed.proj.weight", "vit.embeddings.patch_embeddings.projection.weight");
    m.put("patch_embed.proj.bias", "vit.embeddings.patch_embeddings.projection.bias");
    m.put("norm.weight", "vit.layernorm.weight");
    m.put("norm.bias", "vit.layernorm.bias");
    for (String n : new String[] {"decoder_embed.weight", "decoder_embed.bias", "mask_token",
        "decoder_pos_embed", "decoder_norm.weight", "decoder_norm.bias", "decoder_pred.weight",
        "decoder_pred.bias"}) {
      m.put(n, "decoder." + n);
    }
    return m;
  }

  private static final Pattern HF_LAYER = Pattern.compile(
      "(vit\\.encoder\\.layer|decoder\\.decoder_layers)\\.(\\d+)\\.(.+)\\.(weight|bias)");
  private static final Pattern OFFICIAL_BLOCK = Pattern.compile(
      "(blocks|decoder_blocks)\\.(\\d+)\\.(.+)\\.(weight|bias)");

  /**
   * Hugging Face names → official names; query, key and value are stacked into one qkv (rows in
   * q, k, v order, as MAE's {@code qkv.reshape(N, T, 3, heads, d)} reads them). Names it does not
   * know pass through unchanged, so that they are reported as unexpected.
   */
  static Map<String, Safetensors.Tensor> fromHuggingFace(Map<String, Safetensors.Tensor> hf) {
    Map<String, String> topBack = new LinkedHashMap<>();
    TOP.forEach((ours, theirs) -> topBack.put(theirs, ours));
    Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
    Map<String, Safetensors.Tensor[]> qkv = new LinkedHashMap<>();
    for (Map.Entry<String, Safetensors.Tensor> e : hf.entrySet()) {
      String k = e.getKey();
      Matcher m = HF_LAYER.matcher(k);
      if (topBack.containsKey(k)) {
        out.put(topBack.get(k), e.getValue());
      } else if (m.matches()) {
        String block = (m.group(1).startsWith("vit") ? "blocks." : "decoder_blocks.") + m.group(2);
        String inner = m.group(3);
        int part = switch (inner) {
          case "attention.attention.query" -> 0;
          case "attention.attention.key" -> 1;
          case "attention.attention.value" -> 2;
          default -> -1;
        };
        if (part >= 0) {
          String fused = block + ".attn.qkv." + m.group(4);
          qkv.computeIfAbsent(fused, x -> new Safetensors.Tensor[3])[part] = e.getValue();
          out.putIfAbsent(fused, null);                   // keeps the file's order
        } else {
          String ours = BLOCK.entrySet().stream().filter(b -> b.getValue().equals(inner))
              .map(Map.Entry::getKey).findFirst().orElse(null);
          out.put(ours == null ? k : block + "." + ours + "." + m.group(4), e.getValue());
        }
      } else {
        out.put(k, e.getValue());
      }
    }
    qkv.forEach((name, parts) -> out.put(name, stack(name, parts)));
    return out;
  }

  /** Official names → Hugging Face names; qkv is split into query, key and value. */
  static Map<String, Safetensors.Tensor> toHuggingFace(Map<String, Safetensors.Tensor> official) {
    Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Safetensors.Tensor> e : official.entrySet()) {
      String k = e.getKey();
      Matcher m = OFFICIAL_BLOCK.matcher(k);
      if (TOP.containsKey(k)) {
        out.put(TOP.get(k), e.getValue());
      } else if (m.matches()) {
        String layer = (m.group(1).equals("blocks") ? "vit.encoder.layer." : "decoder.decoder_layers.")
            + m.group(2) + ".";
        if (m.group(3).equals("attn.qkv")) {
          Safetensors.Tensor[] parts = split(e.getValue());
          String[] names = {"query", "key", "value"};
          for (int i = 0; i < 3; i++) {
            out.put(layer + "attention.attention." + names[i] + "." + m.group(4), parts[i]);
          }
        } else if (BLOCK.containsKey(m.group(3))) {
          out.put(layer + BLOCK.get(m.group(3)) + "." + m.group(4), e.getValue());
        } else {
          throw new IllegalArgumentException("no Hugging Face name for " + k);
        }
      } else {
        throw new IllegalArgumentException("no Hugging Face name for " + k + " (ViTMAEForPreTraining"
            + " has no classification head; export with --names official to keep it)");
      }
    }
    return out;
  }

  private static Safetensors.Tensor stack(String name, Safetensors.Tensor[] parts) {
    for (int i = 0; i < 3; i++) {
      if (parts[i] == null) {
        throw new IllegalArgumentException("the Hugging Face file has only part of the attention"
            + " of " + name + " (query, key and value must all be present)");
      }
    }
    long[] shape = parts[0].shape().clone();
    int n = parts[0].values().length;
    float[] v = new float[3 * n];
    for (int i = 0; i < 3; i++) {
      if (parts[i].values().length != n) {
        throw new IllegalArgumentException("query, key and value of " + name + " differ in shape");
      }
      System.arraycopy(parts[i].values(), 0, v, i * n, n);
    }
    shape[0] *= 3;
    return new Safetensors.Tensor(shape, v);
  }

  private static Safetensors.Tensor[] split(Safetensors.Tensor qkv) {
    long[] shape = qkv.shape().clone();
    shape[0] /= 3;
    int n = qkv.values().length / 3;
    Safetensors.Tensor[] out = new Safetensors.Tensor[3];
    for (int i = 0; i < 3; i++) {
      out[i] = new Safetensors.Tensor(shape.clone(),
          java.util.Arrays.copyOfRange(qkv.values(), i * n, (i + 1) * n));
    }
    return out;
  }
}
