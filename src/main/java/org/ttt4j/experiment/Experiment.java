package org.ttt4j.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The analyses of seed 000 as recipes: which {@code ttt4j eval} runs to make, which extra tables to
 * compute from the model and data ({@link Extra}), then which report to build. The hyper-parameters
 * are the ones tuned on the validation split (docs/results/tuning.md): SGD momentum 0.9, B = 8,
 * lr 1e-2 for standard (K = 10) and online TTT; AdamW was not tuned there (see {@link #ADAMW_LR}).
 */
public enum Experiment {
  /** Accuracy after each of K = 10 steps, SGD against AdamW, per corruption. */
  STEPS_OPTIMIZER("steps-optimizer", "Accuracy vs TTT step, SGD vs AdamW", Extra.NONE),
  /** Standard TTT at B = 1, 8, 32, 128 views per step, K = 10: accuracy and seconds per sample. */
  BATCH_SIZE("batch-size", "Batch size of the TTT steps", Extra.NONE),
  /** Fixed, online (with held-out checks) and standard TTT on each corruption. */
  ONLINE_VS_STANDARD("online-vs-standard", "Online vs standard TTT", Extra.NONE),
  /** Online TTT and the fixed model on six stream orders. */
  STREAM_ORDER("stream-order", "Stream orders", Extra.NONE),
  /** PCA of encoder latents of clean and corrupted images, and their trajectories under TTT. */
  LATENT_PCA("latent-pca", "Latent space (PCA)", Extra.LATENTS),
  /** Per-class accuracy before and after TTT, and the gain against object size. */
  PER_CLASS("per-class", "Per-class gains and object size", Extra.SIZES);

  /** What an experiment computes besides its eval runs (needs the model or the dataset). */
  public enum Extra { NONE, LATENTS, SIZES }

  /** SGD learning rate at B = 8, tuned on the validation split for standard and online TTT. */
  public static final String SGD_LR = "1e-2";
  /**
   * AdamW learning rate: not in tuning.md; the best of 3e-5, 1e-4 and 1e-3 on 20 validation images
   * per corruption (docs/results/steps-optimizer/README.md).
   */
  public static final String ADAMW_LR = "3e-5";

  private final String id;
  private final String title;
  private final Extra extra;

  Experiment(String id, String title, Extra extra) {
    this.id = id;
    this.title = title;
    this.extra = extra;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public Extra extra() {
    return extra;
  }

  /** The experiment named {@code s} (as on the command line). */
  public static Experiment parse(String s) {
    for (Experiment e : values()) {
      if (e.id.equals(s.trim().toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown experiment '" + s + "'; valid: "
        + String.join(", ", List.of(values()).stream().map(Experiment::id).toList()) + ", all");
  }

  /** Samples per corruption of the main runs at the default scale (a few minutes on 2 cores). */
  public int defaultSamples() {
    return switch (this) {
      case STEPS_OPTIMIZER -> 30;
      case BATCH_SIZE -> 10;
      case ONLINE_VS_STANDARD -> 300;
      case STREAM_ORDER -> 200;
      case LATENT_PCA -> 100;
      case PER_CLASS -> 60;
    };
  }

  /** The eval runs of this experiment at {@code s}. */
  public List<EvalSpec> runs(Scale s) {
    int n = s.n(defaultSamples());
    List<EvalSpec> out = new ArrayList<>();
    switch (this) {
      case STEPS_OPTIMIZER -> {
        out.add(standard(s, "sgd", n, 8, "sgd", SGD_LR));
        out.add(standard(s, "adamw", n, 8, "adamw", ADAMW_LR));
      }
      case BATCH_SIZE -> {
        for (int b : new int[] {1, 8, 32, 128}) {
          out.add(standard(s, "b" + b, n, b, "sgd", SGD_LR));
        }
      }
      case ONLINE_VS_STANDARD -> {
        out.add(run(s, "fixed", "separate", n, List.of("--strategy", "fixed")));
        out.add(online(s, "online", "separate", n, "--holdout-every",
            Integer.toString(Math.max(10, n / 6)), "--holdout", "300"));
        out.add(standard(s, "standard", Math.max(5, n / 5), 8, "sgd", SGD_LR));
      }
      case STREAM_ORDER -> {
        for (String stream : List.of("separate", "consecutive", "shuffled", "gradual",
            "shuffled-levels", "continuous")) {
          out.add(run(s, "fixed-" + stream, stream, n, List.of("--strategy", "fixed")));
          out.add(online(s, "online-" + stream, stream, n));
        }
      }
      case LATENT_PCA -> { }
      case PER_CLASS -> {
        out.add(run(s, "fixed", "separate", n, List.of("--strategy", "fixed")));
        out.add(online(s, "online", "separate", n));
        out.add(standard(s, "standard", n, 8, "sgd", SGD_LR));
      }
    }
    return out;
  }

  private static EvalSpec standard(Scale s, String name, int n, int batch, String optimizer,
      String lr) {
    // seed 000's studies keep the recipe they were first made with: K = 10, B = 8 (or the study's
    // batch), MAE's mask 0.75 (standard TTT's own defaults later became B = 32 at lr 4e-2 with a
    // 0.9 mask: tuning.md, fourth and sixth rounds)
    return run(s, name, "separate", n, List.of("--strategy", "standard", "--steps", "10",
        "--batch", Integer.toString(batch), "--optimizer", optimizer, "--lr", lr,
        "--mask-ratio", "0.75"));
  }

  private static EvalSpec online(Scale s, String name, String stream, int n, String... extra) {
    // one step per sample on B = 8 views with MAE's 0.75 mask, as the studies were made: pinned
    // here, so that a later change of eval's defaults does not change what these commands run
    List<String> how = new ArrayList<>(List.of("--strategy", "online", "--lr", SGD_LR,
        "--batch", "8", "--mask-ratio", "0.75"));
    how.addAll(List.of(extra));
    return run(s, name, stream, n, how);
  }

  private static EvalSpec run(Scale s, String name, String stream, int n, List<String> how) {
    List<String> a = new ArrayList<>(how);
    a.addAll(s.common());
    a.addAll(List.of("--stream", stream, "--samples", Integer.toString(n)));
    return new EvalSpec(name, a);
  }
}
