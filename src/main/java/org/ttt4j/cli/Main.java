package org.ttt4j.cli;

import java.io.PrintWriter;
import org.ttt4j.tensor.MklDispatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ttt4j} command. Exit codes: 0 ok, 2 usage error (a bad option, a model argument
 * {@link ModelOption} refuses, or a model that cannot handle the data), 1 failure with a one-line
 * cause (the stack trace only with {@code --verbose}).
 */
@Command(
    name = "ttt4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Test-time training with masked autoencoders (TTT-MAE) on the JVM.",
    subcommands = {
      CommandLine.HelpCommand.class,
      VersionCommand.class,
      InfoCommand.class,
      CorruptCommand.class,
      TrainCommand.class,
      TestCommand.class,
      EvalCommand.class,
      SummaryCommand.class,
      ReportCommand.class,
      DemoCommand.class,
      ExperimentCommand.class,
      ReconstructCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      BenchCommand.class,
      VideoCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Show the stack trace of an error.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    CliLogging.install();         // before the first logger reads its settings
    MklDispatch.install();        // before anything loads the PyTorch engine
    org.ttt4j.tensor.MallocTuning.install();
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (for tests: no System.exit). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    addHelpOption(cli);
    boolean verbose = false;
    for (String a : args) {
      verbose |= a.equals("--verbose") || a.equals("-v");
    }
    final boolean showTrace = verbose;
    // a usage error is the message and where the usage is, not the whole usage: the line that
    // says what is wrong stays on screen (an unknown option still gets picocli's suggestions)
    cli.setParameterExceptionHandler((ex, given) -> {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println("ttt4j: " + oneLine(ex));
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println(usageHint(cmd));
      err.flush();
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          PrintWriter err = cmd.getErr();
          if (ex instanceof ModelOption.Refused) {   // a usage error, however late it is found
            err.println("ttt4j: " + oneLine(ex));
            err.println(usageHint(cmd));
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
          }
          Throwable cause = ex;
          if (showTrace) {
            ex.printStackTrace(err);
          } else {
            err.println("ttt4j: " + oneLine(cause));
            err.println("(run again with --verbose for the stack trace)");
          }
          err.flush();
          return 1;
        });
    return cli.execute(args);
  }

  /**
   * Gives every subcommand a {@code -h, --help} (picocli only adds it where a command asks for the
   * standard options), so that {@code ttt4j eval --help} prints the usage instead of a usage error.
   */
  private static void addHelpOption(CommandLine cmd) {
    CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
    boolean hasHelp = spec.options().stream().anyMatch(CommandLine.Model.OptionSpec::usageHelp);
    if (!hasHelp && spec.findOption("--help") == null && spec.findOption("-h") == null) {
      spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
          .usageHelp(true).description("Show this help message and exit.").build());
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      addHelpOption(sub);
    }
  }

  /** Where the usage of {@code cmd} is, in the words one types. */
  static String usageHint(CommandLine cmd) {
    return "(see: " + cmd.getCommandSpec().qualifiedName() + " --help)";
  }

  private static String oneLine(Throwable t) {
    String msg = t.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = t.getClass().getSimpleName();
    }
    return msg.replace('\n', ' ');
  }
}
