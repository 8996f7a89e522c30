package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ttt4j.data.Normalize;
import org.ttt4j.data.video.MovingGarments;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.FolderLock;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.train.SegTrainer;
import org.ttt4j.train.TrainState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ttt4j train seg}: Y-shaped joint training of the dense head and the MAE on labelled video
 * frames, from the shipped fmnist-tiny encoder/decoder by default. Leaves model.safetensors,
 * manifest.json, history.csv and curves.png in {@code --out}.
 */
@Command(name = "seg",
    description = "Joint training for semantic segmentation (dense head + MAE) on labelled videos.")
final class TrainSegCommand implements Callable<Integer> {


  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--videos", description = "A labelled video folder, or a folder of them (e.g."
      + " from `video make --split train`); required, but for --resume.")
  Path videos;
  @Option(names = "--preset", defaultValue = "fmnist-video",
      converter = OptionValues.PresetName.class,
      description = "Architecture; the head is always dense (default: ${DEFAULT-VALUE}).")
  String preset;
  @Option(names = "--classes", defaultValue = "11",
      description = "Classes incl. background 0 (default: ${DEFAULT-VALUE}, as in generated"
          + " videos).")
  int classes;
  @Option(names = "--init", defaultValue = "shipped",
      description = "Encoder/decoder weights: a checkpoint, 'shipped' (models/fmnist-tiny) or"
          + " 'none' (default: ${DEFAULT-VALUE}).")
  String init;
  @Option(names = "--steps", defaultValue = "1500",
      description = "Optimizer steps, more than --warmup (default: ${DEFAULT-VALUE}).")
  int steps;
  @Option(names = "--batch", defaultValue = "32",
      description = "Frames per step (default: ${DEFAULT-VALUE}).")
  int batch;
  @Option(names = "--lr", defaultValue = "5e-4",
      description = "Peak AdamW learning rate, after warm-up (default: ${DEFAULT-VALUE}).")
  double lr;
  @Option(names = "--warmup", defaultValue = "100",
      description = "Linear warm-up steps, fewer than --steps (default: ${DEFAULT-VALUE}).")
  int warmup;
  @Option(names = "--wd", defaultValue = "0.05",
      description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;
  @Option(names = "--mask-ratio", defaultValue = "0.8",
      description = "Fraction of patches masked for the MAE loss (default: ${DEFAULT-VALUE}).")
  double maskRatio;
  @Option(names = "--mae-weight", defaultValue = "1.0",
      description = "MAE loss weight next to the segmentation loss (default: ${DEFAULT-VALUE}).")
  double maeWeight;
  @Option(names = "--seed", defaultValue = "0",
      description = "Root seed of the fresh weights, frame order, flips and masks"
          + " (default: ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--out", required = true,
      description = "Run folder: model.safetensors, manifest.json, history.csv, curves.png.")
  Path out;

  @Option(names = "--checkpoint-every", defaultValue = "100", description = "Steps between"
      + " saves of the training state (state.safetensors; history.csv gets every step as it"
      + " ends) (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;
  @Option(names = "--resume", description = "Continue the stopped run in --out exactly, with"
      + " every setting it was started with (other options need not be given; one that differs"
      + " from the run's is refused).")
  boolean resume;

  @Override
  public Integer call() throws IOException {
    if (checkpointEvery < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--checkpoint-every must be"
          + " >= 1, got " + checkpointEvery);
    }
    if (resume) {
      return resumeRun();
    }
    if (videos == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Missing required option: '--videos=<videos>'");
    }
    Optional<RunManifest> earlier = RunResume.manifest(out);
    if (Files.exists(out.resolve("model.safetensors"))
        || earlier.map(m -> m.finished() != null).orElse(false)) {
      throw new CommandLine.ParameterException(spec.commandLine(), out + " already holds a"
          + " trained model; choose another --out, or delete it to train again");
    }
    if (Files.exists(out.resolve(TrainState.FILE))) {       // asked again under the folder's lock
      throw stoppedRunHere();
    }
    MaeConfig config = OptionValues.check(spec, () -> MaeConfig.preset(preset)
        .withHead(HeadType.DENSE, 0).withNumClasses(classes));
    SegTrainer.Config cfg = OptionValues.check(spec, () -> new SegTrainer.Config(steps, batch, lr,
        warmup, weightDecay, maskRatio, maeWeight, seed));
    Frames frames = Frames.read(videos);
    Map<String, Object> configs = new LinkedHashMap<>();
    configs.put("model", config);
    configs.put("train", cfg);
    configs.put("init", init);
    RunManifest manifest = RunManifest.start(OptionValues.commandLine(spec), configs, cfg.seed(),
        frames.provenance());
    // a second job on the folder (a resume while the run still goes) is refused, changing nothing
    try (FolderLock lock = FolderLock.acquire(out)) {
      if (Files.exists(out.resolve(TrainState.FILE))) {
        throw stoppedRunHere();
      }
      return train(config, cfg, frames, manifest, null, checkpointEvery);
    }
  }

  private CommandLine.ParameterException stoppedRunHere() {
    return new CommandLine.ParameterException(spec.commandLine(), out + " holds a stopped run;"
        + " continue it with: ttt4j train seg --out " + out + " --resume, or choose another --out");
  }

  /**
   * Continues the stopped run in {@code out} with the settings it was started with: its configs
   * from its state, its videos and checkpoint interval from the command line in its manifest.
   */
  private int resumeRun() throws IOException {
    return RunResume.resume(spec, out, saved -> {
      throw new CommandLine.ParameterException(spec.commandLine(), out + " was started by an"
          + " earlier ttt4j, which recorded its settings only at the end; continue it with that"
          + " version, or start it again");
    }, run -> {
      TrainSegCommand original = RunResume.original(spec, run.manifest(), out,
          TrainSegCommand.class);
      Frames frames = Frames.read(original.videos);
      RunResume.requireSameData(spec, out, run.manifest().data(), frames.provenance());
      return train(TrainState.modelConfig(run.state()),
          TrainState.trainConfig(run.state(), SegTrainer.Config.class), frames, run.manifest(),
          run.state(), original.checkpointEvery);
    });
  }

  /** The labelled frames of a video folder (or a folder of them), and what they were. */
  private record Frames(Path source, List<MovingGarments.Frame> all,
      Map<String, String> provenance) {

    static Frames read(Path videos) {
      List<MovingGarments.Frame> frames = new ArrayList<>();
      Map<String, String> data = new LinkedHashMap<>();
      for (VideoFolder v : VideoFolder.list(videos)) {
        frames.addAll(v.readAll());
        data.put(v.dir().toString(), v.size() + " frames");
      }
      return new Frames(videos, frames, data);
    }
  }

  /**
   * The run, in a folder this process has locked: manifest.json first (so a resume finds the
   * settings), then steps with a saved state every {@code every} steps until done or stopped;
   * {@code saved} is the state a resume continues (null for a new run).
   */
  private int train(MaeConfig config, SegTrainer.Config cfg, Frames frames, RunManifest manifest,
      Safetensors.Contents saved, int every) throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Path statePath = out.resolve(TrainState.FILE);
    manifest.write(out.resolve("manifest.json"));
    Path history = out.resolve("history.csv");
    try (StopOnSignal stop = StopOnSignal.install();
        NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(config, m, cfg.seed())) {
      try (SegTrainer trainer = new SegTrainer(model, cfg, frames.all(),
          Normalize.of(config.mean(), config.std()))) {
        if (saved != null) {
          trainer.setStep(TrainState.restore(saved, model, trainer.optimizer(), statePath));
        } else {
          loadInit(model);
        }
        SegTrainer.StepRecord r = null;
        // the kept steps of a resumed run; each new one is appended as it ends
        try (TrainHistory steps = TrainHistory.open(out, TrainCurvesCommand.SEG_HEADER,
            trainer.stepCount())) {
          ProgressBar bar = ProgressBar.onStderr("train seg", cfg.steps(), "steps");
          bar.startAt(trainer.stepCount());
          while (trainer.stepCount() < cfg.steps()) {
            r = trainer.step();
            steps.append(String.format(java.util.Locale.ROOT, "%d,%.6e,%.5f,%.5f,%.5f,%.1f",
                r.step(), r.lr(), r.loss(), r.maeLoss(), r.segLoss(), r.framesPerSecond()));
            bar.field("seg", String.format("%.3f", r.segLoss()));
            bar.field("mae", String.format("%.3f", r.maeLoss()));
            bar.advance(1);
            boolean last = trainer.stepCount() == cfg.steps();
            if (stop.requested() || (!last && trainer.stepCount() % every == 0)) {
              TrainState.save(model, trainer.optimizer(), trainer.stepCount(), cfg, statePath,
                  manifest.asMetadata());
            }
            if (stop.requested() && !last) {
              bar.finish();
              err.println("stopped at step " + trainer.stepCount() + "; continue with: ttt4j"
                  + " train seg --out " + out + " --resume");
              return 130;
            }
          }
          bar.finish();
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (r != null) {
          metrics.put("final_seg_loss", r.segLoss());
          metrics.put("final_mae_loss", r.maeLoss());
        }
        metrics.put("training_frames", frames.all().size());
        RunManifest finished = manifest.finish(metrics);
        Checkpoint.save(model, out.resolve("model.safetensors"), finished.asMetadata());
        finished.write(out.resolve("manifest.json"));
      }
    }
    Files.deleteIfExists(statePath);        // finished: model.safetensors is the result
    TrainCurvesCommand.drawFinished(history, out.resolve("curves.png"), "train seg on "
        + frames.source(), err);
    spec.commandLine().getOut().println("model: " + out.resolve("model.safetensors"));
    err.flush();
    return 0;
  }

  /** Encoder and decoder from the init checkpoint; the dense head starts fresh. */
  private void loadInit(YShapedVit model) {
    if (init.equals("none")) {
      return;
    }
    Path file = init.equals("shipped") ? ModelOption.resolve(null) : ModelOption.resolve(init);
    Safetensors.Contents c = Safetensors.read(file);
    Checkpoint.config(c, file);
    model.weights().load(c.tensors(), "checkpoint " + file,
        name -> !(name.startsWith("head.") || name.startsWith("bn.")));
  }
}
