package org.ttt4j.cli;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.ttt4j.model.MaeConfig;
import picocli.CommandLine;

/**
 * Option values that library code checks (a config record's constructor, a name parser): its
 * {@link IllegalArgumentException} is the user's usage error, exit code 2 with the usage, not a
 * failure. Commands build their configs through this before they read data or write anything.
 */
final class OptionValues {

  private OptionValues() {}

  /** A number as a user would type it: 0.005, 4e-2 as 0.04, 20.0 as 20. */
  static String num(double x) {
    return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }

  /** {@code parse}'s value, or a usage error of {@code spec}'s command with its message. */
  static <T> T check(CommandLine.Model.CommandSpec spec, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * The usage error of an option given where the command would not use it ({@code why}: the
   * option, and whose it is): eval and video refuse such an option rather than run without it.
   */
  static CommandLine.ParameterException ignored(CommandLine.Model.CommandSpec spec, String why) {
    return new CommandLine.ParameterException(spec.commandLine(), why + ", so the value would be"
        + " ignored; drop it, or choose the strategy or optimizer it belongs to");
  }

  /**
   * The note for the options of {@code tttOptions} (their names) given to {@code --strategy
   * fixed}, which adapts nothing: each named as typed, in the order typed; empty when none was
   * given. Fixed takes them rather than refuse them (as {@link #ignored} would), so that a sweep
   * can pass one option set to every strategy, eval's and video's alike.
   */
  static Optional<String> ignoredByFixed(CommandLine.Model.CommandSpec spec,
      List<String> tttOptions) {
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    List<String> typed = given.originalArgs().stream()
        .map(arg -> arg.split("=", 2)[0])
        .filter(name -> tttOptions.contains(name) && given.hasMatchedOption(name))
        .distinct().toList();
    return typed.isEmpty() ? Optional.empty()
        : Optional.of("note: --strategy fixed does not adapt, so "
            + String.join(", ", typed) + (typed.size() == 1 ? " is" : " are") + " ignored");
  }

  /**
   * A {@code --preset} that names a {@link MaeConfig} preset, checked as the option is parsed (for
   * commands that hand the name on to a benchmark instead of building the config themselves).
   */
  static final class PresetName implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String name) {
      try {
        MaeConfig.preset(name);
        return name;
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code ttt4j} and the arguments of the command line being run (for manifests). */
  static java.util.List<String> commandLine(picocli.CommandLine.Model.CommandSpec spec) {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("ttt4j"));
    command.addAll(spec.root().commandLine().getParseResult().originalArgs());
    return command;
  }
}
