package org.ttt4j.cli;

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
