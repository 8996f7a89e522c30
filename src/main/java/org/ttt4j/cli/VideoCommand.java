package org.ttt4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ttt4j video}: generated videos, and TTT on video streams (seed 001). */
@Command(name = "video", mixinStandardHelpOptions = true,
    description = "Video streams: generate labelled videos; run fixed/online/window/offline TTT.",
    subcommands = {VideoMakeCommand.class})
final class VideoCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
