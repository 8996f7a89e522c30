package org.ttt4j.cli;

import static org.ttt4j.cli.OptionValues.num;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.ttt.Strategy;
import org.ttt4j.ttt.TttConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of {@code ttt4j eval} that say how TTT adapts (strategy, steps, optimizer, views,
 * parameter group), and how they become a {@link Strategy} and a {@link TttConfig}: defaults that
 * are not given come from the recipe chosen on the validation split ({@link TttConfig#validated}).
 * Every check is a usage error of the eval command ({@code spec}).
 */
final class EvalTttOptions {

  /** The options of how TTT adapts that {@code --strategy fixed} takes, and ignores. */
  private static final List<String> ADAPTING = List.of("--steps", "--batch", "--optimizer",
      "--lr", "--momentum", "--wd", "--group", "--mask-ratio", "--crop-min", "--clip");

  @Option(names = "--strategy", defaultValue = "online",
      description = "fixed, standard, online, window or offline (default: ${DEFAULT-VALUE}).")
  String strategy;
  @Option(names = "--steps", description = "Standard: steps K per sample (default: 20);"
      + " online/window: steps per sample (default: 1).")
  Integer steps;
  @Option(names = "--window", defaultValue = "16",
      description = "Window: the last k samples a batch is drawn from (default: ${DEFAULT-VALUE}).")
  int window;
  @Option(names = "--epochs", defaultValue = "1",
      description = "Offline: passes over the stream before predicting (default: ${DEFAULT-VALUE}).")
  int epochs;
  @Option(names = "--reset-optimizer", description = "Online: clear optimizer state after each sample.")
  boolean resetOptimizer;

  @Option(names = "--batch", description = "Views per step B (default: the batch chosen on the"
      + " validation split, docs/results/tuning.md: 32 for standard, 8 for the others).")
  Integer batch;
  @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adamw (adamw needs"
      + " --lr: only SGD's rates were chosen on the validation split; default: ${DEFAULT-VALUE}).")
  String optimizer;
  @Option(names = "--lr", description = "Learning rate (default: the rate chosen on the"
      + " validation split, docs/results/tuning.md: 4e-2 for standard, 1e-2 for online, window and"
      + " offline).")
  Double lr;
  @Option(names = "--momentum", defaultValue = "0.9",
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum;
  @Option(names = "--wd", defaultValue = "0", description = "Weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;
  @Option(names = "--group", defaultValue = "encoder",
      description = "Parameters that adapt: encoder, encoder+decoder, norms, lastN, firstN"
          + " (blocks; head and all are refused: the MAE loss never reaches the head; default:"
          + " ${DEFAULT-VALUE}).")
  String group;
  @Option(names = "--mask-ratio", description = "Fraction of patches masked in each view"
      + " (default: the ratio chosen on the validation split, docs/results/tuning.md: 0.9 for"
      + " standard, 0.75 for the others).")
  Double maskRatio;
  @Option(names = "--crop-min", defaultValue = "0.35", description = "Smallest area of each view's"
      + " random resized crop; 1 = no crop (default: ${DEFAULT-VALUE}).")
  double cropMin;
  @Option(names = "--clip", defaultValue = "0", description = "Gradient-norm clip (0 = off; default:"
      + " ${DEFAULT-VALUE}).")
  double clip;

  /** The strategy named by --strategy, with its steps, window or epochs. */
  Strategy strategy(CommandSpec spec) {
    Strategy strat = OptionValues.check(spec, () -> parseStrategy(spec));
    if (resetOptimizer && !(strat instanceof Strategy.Online)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reset-optimizer applies to"
          + " online TTT only (standard resets everything after each sample; window and offline"
          + " keep their state by design); drop it or use --strategy online");
    }
    return strat;
  }

  private Strategy parseStrategy(CommandSpec spec) {
    int steps = this.steps != null ? this.steps : strategy.equals("standard") ? 20 : 1;
    return switch (strategy) {
      case "fixed" -> new Strategy.Fixed();
      case "standard" -> new Strategy.Standard(steps);
      case "online" -> new Strategy.Online(steps, resetOptimizer);
      case "window" -> new Strategy.Window(window, steps);
      case "offline" -> new Strategy.Offline(epochs);
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown strategy '"
          + strategy + "'; valid: fixed, standard, online, window, offline");
    };
  }

  /** The optimizer named by --optimizer. */
  OptimizerConfig.Kind optimizerKind(CommandSpec spec) {
    return OptionValues.check(spec, () -> OptimizerConfig.Kind.parse(optimizer));
  }

  /**
   * Refuses a group that adapts nothing the loss reaches, and AdamW without a rate of its own
   * ({@code resuming}: a run started before the check on --group all continues as it began).
   */
  void requireAdapting(CommandSpec spec, Strategy strat, OptimizerConfig.Kind kind,
      boolean resuming) {
    if (group.equals("head") && !(strat instanceof Strategy.Fixed)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--group head adapts nothing:"
          + " the MAE loss that TTT minimises does not reach the classification head, so the run"
          + " would equal --strategy fixed; adapt the encoder (the default), encoder+decoder,"
          + " norms, lastN or firstN");
    }
    if (group.equals("all") && !(strat instanceof Strategy.Fixed) && !resuming) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--group all adapts exactly"
          + " what encoder+decoder adapts: the MAE loss that TTT minimises does not reach the"
          + " classification head, so the head never changes; give --group encoder+decoder");
    }
    if (kind == OptimizerConfig.Kind.ADAMW && lr == null && !(strat instanceof Strategy.Fixed)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--optimizer adamw needs --lr:"
          + " the default rates are SGD's (docs/results/tuning.md); seed 000's optimizer study"
          + " used AdamW at 3e-5 (docs/results/steps-optimizer)");
    }
  }

  /**
   * The note naming the options of how TTT adapts given to {@code strat} when it is fixed, which
   * adapts nothing ({@link OptionValues#ignoredByFixed}); empty otherwise.
   */
  static Optional<String> ignoredBy(CommandSpec spec, Strategy strat) {
    return strat instanceof Strategy.Fixed ? OptionValues.ignoredByFixed(spec, ADAPTING)
        : Optional.empty();
  }

  /** The optimizer with --lr, or the recipe's rate. */
  OptimizerConfig optimizer(CommandSpec spec, OptimizerConfig.Kind kind,
      TttConfig.Recipe recipe) {
    double rate = lr != null ? lr : recipe.lr();
    return OptionValues.check(spec, () ->
        kind == OptimizerConfig.Kind.ADAMW ? OptimizerConfig.adamw(rate, 0.9, 0.999, weightDecay)
            : OptimizerConfig.sgd(rate, momentum, weightDecay));
  }

  /** The TTT settings for a model of {@code depth} blocks (--group names blocks). */
  TttConfig config(CommandSpec spec, int depth, OptimizerConfig optimizer,
      TttConfig.Recipe recipe, long seed) {
    return OptionValues.check(spec, () -> new TttConfig(
        ParamGroup.parse(group, depth), optimizer,
        maskRatio != null ? maskRatio : recipe.maskRatio(),
        batch != null ? batch : recipe.batch(), cropMin, clip, seed));
  }

  /** What will run, defaults resolved, in one line (the manifest has the same in full). */
  static String settingsLine(Strategy strat, TttConfig ttt, int total, Path out) {
    if (strat instanceof Strategy.Fixed) {
      return "fixed (no adaptation): " + total + " samples -> " + out;
    }
    OptimizerConfig o = ttt.optimizer();
    String opt = o.kind() == OptimizerConfig.Kind.SGD
        ? "SGD lr " + num(o.lr()) + " momentum " + num(o.momentum()) : "AdamW lr " + num(o.lr());
    String how;
    if (strat instanceof Strategy.Standard st) {
      how = st.steps() + " steps per sample, reset after each";
    } else if (strat instanceof Strategy.Online on) {
      how = steps(on.stepsPerSample()) + " per sample, never reset"
          + (on.resetOptimizer() ? ", optimizer state cleared after each" : "");
    } else if (strat instanceof Strategy.Window w) {
      how = steps(w.stepsPerSample()) + " per sample on views of the last " + w.size();
    } else {
      int epochs = ((Strategy.Offline) strat).epochs();
      how = epochs + (epochs == 1 ? " epoch" : " epochs") + " over each segment, then predictions";
    }
    return strat.id() + " (" + how + "): " + opt + ", wd " + num(o.weightDecay())
        + (ttt.clipNorm() > 0 ? ", clip " + num(ttt.clipNorm()) : "") + ", B=" + ttt.batch() + ", "
        + ttt.group().id() + " adapts, mask " + num(ttt.maskRatio()) + ", crop "
        + num(ttt.cropMinScale()) + "-1; " + total + " samples -> " + out;
  }

  private static String steps(int n) {
    return n + (n == 1 ? " step" : " steps");
  }
}
